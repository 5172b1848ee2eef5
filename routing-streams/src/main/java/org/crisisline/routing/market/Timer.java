package org.crisisline.routing.market;

/**
 * A wall-clock deadline, kept in its request's state ({@link RequestState#timers()}), so it survives a
 * restart. Timers are checked when they fire (is the offer still current? is the request still
 * waiting?), so nothing ever needs to cancel one.
 */
public record Timer(long dueAt, Kind kind, String market, String requestId, String ref) {
  /**
   * {@code PAGE_STEP}: an alert's step ends unacknowledged; ref {@code alertId/step/attempt} names it.
   * {@code REFERRAL_ANSWER_DUE}: a service has not answered a referral in {@code referral.ack.timeout};
   * ref is the referral's offerId.
   * {@code FOLLOW_UP_DUE}: a follow-up of a request that ended is due; ref {@code step/attempt} names it
   * (see {@link FollowUps}).
   */
  public enum Kind { OFFER_TIMEOUT, ESCALATE, RELAX_SPECIALTY, TTL, ACCEPTED_TTL, PURGE, PAGE_STEP, REFERRAL_ANSWER_DUE,
    FOLLOW_UP_DUE }

  /** Store key: ordered by due time, so a range scan up to now finds exactly the due ones. */
  public String key() {
    return String.format("%013d|%s|%s|%s|%s", Math.max(0, dueAt), kind, market, requestId, ref);
  }

  /** Upper bound of the keys due at {@code now}. */
  public static String dueUpTo(long now) {
    return String.format("%013d|~", Math.max(0, now));
  }
}

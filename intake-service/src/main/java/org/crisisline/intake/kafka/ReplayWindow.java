package org.crisisline.intake.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.crisisline.intake.domain.FollowUpInput;
import org.crisisline.intake.view.AuditView;
import org.crisisline.intake.view.RequestView;

/**
 * Where each of intake's views starts reading its topics on start. With a records database the
 * history topics start from a time ({@code now - lookback}, per partition by record timestamp): the
 * lookback is the longest time a record of that topic can still change what a view holds, so
 * everything older would be decoded and then swept for nothing. Current-state topics (compacted:
 * responders, directory, idempotency keys, policies, schedules, on-call people, revocations, queue
 * snapshots) and the few history topics whose every record can matter for ever are read from the
 * beginning. Without a records database every request stays in memory, so every topic is read
 * from the beginning.
 *
 * <p>The bounds, and why each holds:
 * <ul>
 *   <li>{@link #REQUESTS}: a request record matters while the request view holds it. A finished
 *       request leaves after the recent window ({@code CRISISLINE_RECENT_HOURS}); an open one
 *       after {@link RequestView#STALLED} without news. Routing ends every open request: unaccepted
 *       at {@code ttl.<URGENCY>} (at most a day by default) from logging or from a referral's
 *       hand-back to peer support, accepted at {@code ttl.accepted} (12 h), a referral after
 *       {@code referral.ack.timeout} (4 h) per service tried; a day or two in all by default, well
 *       inside the lookback. A referral's signed link lives 14 days, and its offer and answers
 *       stay for {@link IntakeViews#REFERRALS_KEPT}; a resolved alert stays its retention and an
 *       open one resolves when its request ends. The longest of these plus {@link #MARGIN}. A
 *       request still open but logged before the lookback (it kept changing) gets its root record
 *       back from the records database ({@link OldRoots}), not by widening the replay for all.</li>
 *   <li>{@link #FOLLOW_UPS}: a follow-up can be added up to {@link FollowUpInput#MAX_AHEAD} ahead,
 *       and its {@code FollowUpScheduled} is the only record saying so until it falls due; planned
 *       ones and retries come within {@link #FOLLOW_UP_PLAN} of the request's end. The topic holds
 *       only consented requests' plans (a few records each), a small share of the history.</li>
 *   <li>{@code consent-withdrawals} and {@code responder-status}: from the beginning. A STOP is
 *       for ever; a responder's latest status can be of any age (one per change per person, not
 *       per request).</li>
 *   <li>{@code audit}: the audit view keeps the newest {@link AuditView#CAPACITY} events, so each
 *       partition is read from {@link #AUDIT_TAIL} records before its end (transaction markers
 *       take offsets too, hence twice the capacity).</li>
 * </ul>
 */
public final class ReplayWindow {
  /** Clock skew between writers and slack for a sweep that runs every few minutes. */
  static final Duration MARGIN = Duration.ofDays(1);
  /** Longest plan step plus its retries (defaults: 7 days, then 3 attempts 4 h apart). */
  static final Duration FOLLOW_UP_PLAN = Duration.ofDays(30);
  static final Duration FOLLOW_UPS = FollowUpInput.MAX_AHEAD.plus(FOLLOW_UP_PLAN).plus(MARGIN);
  static final long AUDIT_TAIL = 2L * AuditView.CAPACITY;

  /** How one topic is read on start: from the beginning, from a time, or its last records. */
  public record Start(Duration lookback, long tail) {
    static final Start BEGINNING = new Start(null, 0);

    static Start since(Duration lookback) {
      return new Start(lookback, 0);
    }

    static Start last(long records) {
      return new Start(null, records);
    }

    public boolean fromBeginning() {
      return lookback == null && tail == 0;
    }
  }

  private ReplayWindow() {}

  /** The lookback of the request-side topics for this recent window and alert retention. */
  public static Duration requests(Duration recentWindow, Duration alertRetention) {
    Duration longest = RequestView.STALLED;
    for (Duration d : new Duration[] {recentWindow, IntakeViews.REFERRALS_KEPT, alertRetention}) {
      if (d != null && d.compareTo(longest) > 0) {
        longest = d;
      }
    }
    return longest.plus(MARGIN);
  }

  /**
   * Per topic name, where reading starts; a topic not listed starts at the beginning.
   * {@code recentWindow} null (no records database): none starts later.
   */
  public static Map<String, Start> starts(Duration recentWindow, Duration alertRetention) {
    Map<String, Start> out = new LinkedHashMap<>();
    if (recentWindow == null) {
      return out;
    }
    Start requests = Start.since(requests(recentWindow, alertRetention));
    for (Topic<?, ?> t : new Topic<?, ?>[] {Topics.HELP_REQUESTS, Topics.REQUEST_STATUS, Topics.OFFERS,
        Topics.OFFER_ANSWERS, Topics.SMS_REPLIES, Topics.ALERTS, Topics.DELIVERIES}) {
      out.put(t.name(), requests);
    }
    out.put(Topics.FOLLOW_UPS.name(), Start.since(FOLLOW_UPS));
    out.put(Topics.AUDIT.name(), Start.last(AUDIT_TAIL));
    return out;
  }
}

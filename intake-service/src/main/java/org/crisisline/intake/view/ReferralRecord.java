package org.crisisline.intake.view;

import java.time.Instant;
import org.crisisline.events.OfferMade;
import org.crisisline.events.ReferralDeclineReason;
import org.crisisline.events.ReferralOutcome;

/**
 * One referral offer routing made to a local service and what the service said: waiting for its
 * answer, accepted (later with an outcome), declined with a code, or closed without an answer
 * (withdrawn, moved on to another service, or the request ended). Codes only.
 */
public record ReferralRecord(
    OfferMade offer, State state, ReferralDeclineReason declineReason, ReferralOutcome outcome, Instant answeredAt) {

  /** WAITING until the service answers or the referral moves on; an outcome only follows ACCEPTED. */
  public enum State { WAITING, ACCEPTED, DECLINED, CLOSED }

  static ReferralRecord waiting(OfferMade offer) {
    return new ReferralRecord(offer, State.WAITING, null, null, null);
  }

  ReferralRecord accepted(Instant at) {
    return new ReferralRecord(offer, State.ACCEPTED, null, outcome, at);
  }

  ReferralRecord declined(ReferralDeclineReason reason, Instant at) {
    return new ReferralRecord(offer, State.DECLINED, reason, null, at);
  }

  ReferralRecord withOutcome(ReferralOutcome next) {
    return new ReferralRecord(offer, state, declineReason, next, answeredAt);
  }

  ReferralRecord closed() {
    return new ReferralRecord(offer, State.CLOSED, null, null, null);
  }

  public String serviceId() {
    return offer.serviceId();
  }

  public String requestId() {
    return offer.requestId();
  }

  /** Waiting since the referral was made. */
  public Instant madeAt() {
    return offer.occurredAt();
  }
}

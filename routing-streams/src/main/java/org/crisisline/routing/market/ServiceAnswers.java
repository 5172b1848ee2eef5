package org.crisisline.routing.market;

import java.time.Instant;
import org.crisisline.events.ReferralAccepted;
import org.crisisline.events.ReferralDeclineReason;
import org.crisisline.events.ReferralDeclined;
import org.crisisline.events.ReferralOutcomeRecorded;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.ServiceAnswer;
import org.crisisline.events.StatusKind;

/**
 * Judges a service's answers to a referral. Only the outstanding referral offer can be accepted or
 * declined, and only by the service it was made to, before its answer deadline: an accept ends the
 * request REFERRAL_ACCEPTED (terminal), a decline sends it on ({@link Referrals#moveOn}) with the
 * decline's reason code in the status. An outcome is taken only from the service that accepted,
 * for the offer it accepted, and appends a {@link StatusKind#REFERRAL_OUTCOME} event (the status
 * stays REFERRAL_ACCEPTED); the same outcome twice in a row is refused as already recorded. A
 * refused answer emits a status event of kind {@link StatusKind#ANSWER_REJECTED} saying why.
 */
final class ServiceAnswers {
  private final ReferralTimes times;
  private final Lifecycle lifecycle;

  ServiceAnswers(RoutingPolicy policy, Lifecycle lifecycle) {
    this.times = ReferralTimes.of(policy);
    this.lifecycle = lifecycle;
  }

  void answer(Outcome out, Market m, RequestState s, ServiceAnswer a, Instant now) {
    if (a instanceof ReferralOutcomeRecorded o) {
      outcome(out, m, s, o, now);
      return;
    }
    if (!current(s, a)) {
      reject(out, m, s, a, whyNotCurrent(s, a), now);
      return;
    }
    if (now.toEpochMilli() > s.referralAnswerBy) {
      reject(out, m, s, a, "referral offer " + a.offerId() + " expired at " + Instant.ofEpochMilli(s.referralAnswerBy),
          now);
      lifecycle.referrals.answerDue(out, m, s, a.offerId(), now);
    } else if (a instanceof ReferralAccepted acc) {
      accept(out, m, s, acc, now);
    } else if (a instanceof ReferralDeclined d) {
      ReferralDeclineReason code = d.reasonCode() == null ? ReferralDeclineReason.OTHER : d.reasonCode();
      // A service that says it is full or closed gets no more referrals until it reports its places again.
      boolean full = code == ReferralDeclineReason.NO_CAPACITY || code == ReferralDeclineReason.CLOSED;
      lifecycle.referrals.end(out, m, s, "declined (" + code + ")", full, now);
      lifecycle.referrals.moveOn(out, m, s, "referral offer " + a.offerId() + " declined by service "
          + a.serviceId() + " (" + code + ")", now);
    }
  }

  private void accept(Outcome out, Market m, RequestState s, ReferralAccepted a, Instant now) {
    s.closedOffers.put(a.offerId(), "accepted");
    s.acceptedOfferId = a.offerId();
    s.referralOfferId = null;
    s.status = RequestStatus.REFERRAL_ACCEPTED;
    out.changed(s);
    lifecycle.emitStatus(out, s, RequestStatus.REFERRAL_ACCEPTED, "referral accepted by service " + a.serviceId()
        + " via " + a.via(), a.offerId(), null, a.serviceId(), m.region, now);
    lifecycle.paging.resolve(out, s, RequestStatus.REFERRAL_ACCEPTED, now);
    out.schedule(s, new Timer(now.plus(times.outcomeWindow()).toEpochMilli(), Timer.Kind.PURGE, m.region,
        s.requestId, "referral accepted"));
    lifecycle.followUps.planAfter(out, m, s, now);
  }

  private void outcome(Outcome out, Market m, RequestState s, ReferralOutcomeRecorded o, Instant now) {
    String why = s.status != RequestStatus.REFERRAL_ACCEPTED ? "outcome before any accept: request is " + s.status
        : !s.acceptedOfferId.equals(o.offerId()) ? "referral offer " + o.offerId() + " is not the accepted one"
        : !s.servedBy.equals(o.serviceId()) ? "service " + o.serviceId() + " did not accept this referral"
        : o.outcome() == null ? "no outcome given"
        : !s.referralOutcomes.isEmpty() && s.referralOutcomes.get(s.referralOutcomes.size() - 1)
            .equals(o.outcome().name()) ? "outcome " + o.outcome() + " already recorded"
        : null;
    if (why != null) {
      reject(out, m, s, o, why, now);
      return;
    }
    s.referralOutcomes.add(o.outcome().name());
    out.changed(s);
    lifecycle.emitStatus(out, s, RequestStatus.REFERRAL_ACCEPTED, "outcome reported by service " + o.serviceId()
        + ": " + o.outcome(), o.offerId(), null, o.serviceId(), m.region, StatusKind.REFERRAL_OUTCOME, null, now);
  }

  /** The answer names the outstanding referral offer and the service it was made to. */
  private static boolean current(RequestState s, ServiceAnswer a) {
    return s.status == RequestStatus.REFERRED && a.offerId() != null && a.offerId().equals(s.referralOfferId)
        && s.servedBy != null && s.servedBy.equals(a.serviceId());
  }

  private static String whyNotCurrent(RequestState s, ServiceAnswer a) {
    String offerId = a.offerId();
    if (offerId != null && offerId.equals(s.acceptedOfferId)) {
      return "referral offer " + offerId + " was already accepted";
    } else if (offerId != null && s.closedOffers.containsKey(offerId)) {
      return "referral offer " + offerId + " was " + s.closedOffers.get(offerId);
    } else if (offerId != null && offerId.equals(s.referralOfferId)) {
      return "referral offer " + offerId + " was made to service " + s.servedBy + ", not " + a.serviceId();
    } else if (s.status.isTerminal()) {
      return "request is " + s.status;
    }
    return "offer " + offerId + " is not the current referral offer for service " + a.serviceId();
  }

  private void reject(Outcome out, Market m, RequestState s, ServiceAnswer a, String why, Instant now) {
    lifecycle.emitStatus(out, s, s.status, "rejected: " + why, a.offerId(), null, a.serviceId(), m.region,
        StatusKind.ANSWER_REJECTED, null, now);
  }
}

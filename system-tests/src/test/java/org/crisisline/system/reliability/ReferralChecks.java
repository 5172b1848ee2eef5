package org.crisisline.system.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.StatusKind;

/**
 * The closed-loop referral part of {@link ReliabilityVerifier}. REFERRED is not terminal: the
 * request is with a service, waiting for its answer until its referral offer's {@code expiresAt};
 * past that (plus grace) with nothing since, it is left waiting silently. A decline or no answer
 * moves it to the next service, never one it was referred to before (else a repeat), or hands it
 * to peer support (QUEUED after REFERRED), which starts a fresh time to live. REFERRAL_ACCEPTED is
 * terminal; only the service the offer was made to may reach it, once; the outcomes the service
 * reports afterwards (kind REFERRAL_OUTCOME) are allowed after it. So are the caring-contact notes
 * (kind FOLLOW_UP, status unchanged) of a request that ended COMPLETED or REFERRAL_ACCEPTED: its
 * follow-ups scheduled, due, stopped, and a follow-up's "caller not reached: attempt N due".
 */
final class ReferralChecks {
  private ReferralChecks() {}

  /** A request referred to the same service twice is a repeat; returns how many. */
  static int repeatedReferrals(List<OfferMade> offers, List<String> problems) {
    Set<String> seen = new HashSet<>();
    int repeated = 0;
    for (OfferMade m : offers) {
      if (m.serviceId() != null && !seen.add(m.requestId() + "|" + m.serviceId())) {
        repeated++;
        problems.add("request " + m.requestId() + " referred to service " + m.serviceId() + " again");
      }
    }
    return repeated;
  }

  /** REFERRAL_ACCEPTED more than once, or by a service its offer was not made to: an assignment fault. */
  static int wrongAccepts(String id, List<RequestStatusChanged> timeline, Map<String, OfferMade> offers,
      List<String> problems) {
    int faults = 0;
    List<RequestStatusChanged> accepts = timeline.stream().filter(s -> s.status() == RequestStatus.REFERRAL_ACCEPTED
        && s.kind() == StatusKind.TRANSITION).toList();
    if (accepts.size() > 1) {
      faults++;
      problems.add("request " + id + " referral accepted " + accepts.size() + " times");
    }
    for (RequestStatusChanged s : accepts) {
      OfferMade offer = s.offerId() == null ? null : offers.get(s.offerId());
      if (offer == null || offer.serviceId() == null || !offer.serviceId().equals(s.serviceId())) {
        faults++;
        problems.add("request " + id + " referral accepted by " + s.serviceId() + " on offer " + s.offerId()
            + " made to " + (offer == null ? "nobody" : offer.serviceId()));
      }
    }
    return faults;
  }

  /**
   * What may follow a terminal state: refused answers, a service's outcomes after its accept, and
   * follow-up notes that leave the terminal status as it was.
   */
  static boolean noteAfterTerminal(RequestStatusChanged s, RequestStatusChanged terminal) {
    return s.isRejectedAnswer() || (terminal.status() == RequestStatus.REFERRAL_ACCEPTED
        && s.status() == RequestStatus.REFERRAL_ACCEPTED && s.kind() == StatusKind.REFERRAL_OUTCOME)
        || (s.kind() == StatusKind.FOLLOW_UP && s.status() == terminal.status());
  }

  /** When the request's time to live started: logging, or its latest hand-back to peer support. */
  static Instant lifetimeStart(HelpRequestLogged req, List<RequestStatusChanged> timeline) {
    Instant start = req.occurredAt();
    boolean referred = false;
    for (RequestStatusChanged s : timeline) {
      if (s.isRejectedAnswer()) {
        continue;
      }
      if (s.status() == RequestStatus.REFERRED) {
        referred = true;
      } else if (referred && s.status() == RequestStatus.QUEUED) {
        start = s.occurredAt();
        referred = false;
      }
    }
    return start;
  }

  /** Why a REFERRED request can no longer be waiting for its service, or null while it can. */
  static String stalledReferral(RequestStatusChanged last, Map<String, OfferMade> offers, Duration grace,
      Instant now) {
    OfferMade offer = last.offerId() == null ? null : offers.get(last.offerId());
    if (offer == null || offer.serviceId() == null) {
      return "REFERRED with referral offer " + last.offerId() + " that is not on the offers topic";
    }
    if (offer.expiresAt() == null || offer.expiresAt().plus(grace).isBefore(now)) {
      return "referral offer " + offer.offerId() + " to service " + offer.serviceId() + " unanswered since "
          + offer.expiresAt() + " and nothing happened since";
    }
    return null;
  }
}

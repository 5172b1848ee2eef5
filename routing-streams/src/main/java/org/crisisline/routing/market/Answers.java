package org.crisisline.routing.market;

import java.time.Instant;
import java.util.List;
import org.crisisline.events.AnswerEvent;
import org.crisisline.events.DeliveryFailed;
import org.crisisline.events.FollowUpCancelRequested;
import org.crisisline.events.FollowUpOutcomeRecorded;
import org.crisisline.events.FollowUpRequested;
import org.crisisline.events.OfferAccepted;
import org.crisisline.events.OfferDeclined;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.ServiceAnswer;
import org.crisisline.events.StatusKind;

/**
 * Judges a responder's answers: accept, decline, complete (follow-ups: {@link FollowUps},
 * {@link FollowUpAnswers}). Only an outstanding offer can be
 * answered, by the responder it was made to. The first accept of a request's parallel offers
 * wins: its other offers are rescinded at once (their responders did not refuse: they are not
 * excluded) and a late accept of one of them is refused. A refused answer emits a status event of
 * kind {@link StatusKind#ANSWER_REJECTED} with the status unchanged and says why.
 */
final class Answers {
  private final RoutingPolicy policy;
  private final Lifecycle lifecycle;

  Answers(RoutingPolicy policy, Lifecycle lifecycle) {
    this.policy = policy;
    this.lifecycle = lifecycle;
  }

  /** Every channel of an offer failed: the responder is unreachable (AWAY) and the request moves on. */
  void undeliverable(Outcome out, Market m, RequestState s, DeliveryFailed f, Instant now) {
    RequestState.Offer offer = s.offers.get(f.offerId());
    if (f.allChannelsFailed() && s.isOffered() && offer != null) {
      ResponderState r = m.responders.get(offer.responderId());
      String why = "offer " + f.offerId() + " undeliverable: every channel failed";
      if (r != null) {
        // Unreachable people get no more offers until they set themselves available again.
        r.status = ResponderStatus.AWAY;
        r.statusReason = "unreachable: " + why;
        m.reindex(r);
      }
      lifecycle.endOffer(out, m, s, f.offerId(), "undeliverable", why, true, now);
      if (r != null) {
        lifecycle.setUnavailable(out, m, r, ResponderStatus.AWAY, "unreachable: " + why, now);
      }
    }
  }

  /** Judges any answer: a responder's here, a service's by {@link ServiceAnswers}. */
  void judge(Outcome out, Market m, RequestState s, AnswerEvent a, Instant now) {
    if (a instanceof ServiceAnswer sa) {
      lifecycle.serviceAnswers.answer(out, m, s, sa, now);
    } else if (a instanceof OfferAccepted acc) {
      accept(out, m, s, acc, now);
    } else if (a instanceof OfferDeclined dec) {
      decline(out, m, s, dec, now);
    } else if (a instanceof RequestCompleted done) {
      complete(out, m, s, done, now);
    } else if (a instanceof FollowUpOutcomeRecorded f) {
      lifecycle.followUps.outcome(out, m, s, f, now);
    } else if (a instanceof FollowUpRequested r) {
      lifecycle.followUpAnswers.requested(out, m, s, r, now);
    } else if (a instanceof FollowUpCancelRequested c) {
      lifecycle.followUpAnswers.cancel(out, m, s, c, now);
    }
  }

  void accept(Outcome out, Market m, RequestState s, OfferAccepted a, Instant now) {
    RequestState.Offer offer = current(s, a.offerId(), a.responderId());
    if (offer == null) {
      reject(out, m, s, a.offerId(), a.responderId(), now);
      return;
    }
    // Judged by when the person answered (intake's time), not when routing read it: behind a
    // backlog an answer given in time is read after the expiry.
    Instant given = a.occurredAt() != null ? a.occurredAt() : now;
    if (given.toEpochMilli() > offer.expiresAt()) {
      lifecycle.emitStatus(out, s, s.status, "rejected: offer " + a.offerId() + " expired at "
          + Instant.ofEpochMilli(offer.expiresAt()), a.offerId(), a.responderId(), null, m.region,
          StatusKind.ANSWER_REJECTED, null, now);
      new Timers(policy, lifecycle).timeout(out, m, s, a.offerId(), now);
      return;
    }
    s.offers.remove(a.offerId());
    ResponderState r = m.responders.get(a.responderId());
    if (r != null) {
      r.pending.remove(s.requestId);
      r.active.add(s.requestId);
      m.reindex(r);
      out.changed(r);
    }
    s.closedOffers.put(a.offerId(), "accepted");
    s.acceptedBy = a.responderId();
    s.acceptedOfferId = a.offerId();
    s.status = RequestStatus.ACCEPTED;
    out.changed(s);
    lifecycle.emitStatus(out, s, RequestStatus.ACCEPTED, "accepted by " + a.responderId() + " via " + a.via(),
        a.offerId(), a.responderId(), null, m.region, now);
    List<ResponderState> freed = lifecycle.releaseAll(out, m, s, "rescinded: accepted by another responder",
        "accepted by another responder", now);
    lifecycle.paging.resolve(out, s, RequestStatus.ACCEPTED, now);
    out.schedule(s, new Timer(now.plus(policy.acceptedTtl()).toEpochMilli(), Timer.Kind.ACCEPTED_TTL, m.region,
        s.requestId, a.offerId()));
    freed.forEach(f -> lifecycle.serve(out, m, f, now));
  }

  void decline(Outcome out, Market m, RequestState s, OfferDeclined d, Instant now) {
    if (current(s, d.offerId(), d.responderId()) == null) {
      reject(out, m, s, d.offerId(), d.responderId(), now);
      return;
    }
    lifecycle.endOffer(out, m, s, d.offerId(), "declined", "offer " + d.offerId() + " declined by " + d.responderId()
        + (d.reasonCode() == null ? "" : " (" + d.reasonCode() + ")"), true, now);
  }

  void complete(Outcome out, Market m, RequestState s, RequestCompleted c, Instant now) {
    if (s.status != RequestStatus.ACCEPTED || !c.responderId().equals(s.acceptedBy)) {
      String why = s.status == RequestStatus.ACCEPTED ? "not accepted by " + c.responderId()
          : "request is " + s.status;
      lifecycle.emitStatus(out, s, s.status, "rejected: completion: " + why, null, c.responderId(), null, m.region,
          StatusKind.ANSWER_REJECTED, null, now);
      return;
    }
    lifecycle.close(out, m, s, RequestStatus.COMPLETED, "completed by " + c.responderId()
        + (c.disposition() == null ? "" : ": " + c.disposition()), now);
    lifecycle.followUps.planAfter(out, m, s, now);
  }

  /** The outstanding offer {@code offerId} if it was made to {@code responderId}, else null. */
  private static RequestState.Offer current(RequestState s, String offerId, String responderId) {
    RequestState.Offer o = s.isOffered() && offerId != null ? s.offers.get(offerId) : null;
    return o != null && o.responderId().equals(responderId) ? o : null;
  }

  private void reject(Outcome out, Market m, RequestState s, String offerId, String responderId, Instant now) {
    String why;
    if (offerId != null && offerId.equals(s.acceptedOfferId)) {
      why = "offer " + offerId + " was already accepted";
    } else if (offerId != null && s.closedOffers.containsKey(offerId)) {
      why = "offer " + offerId + " was " + s.closedOffers.get(offerId);
    } else if (s.status.isTerminal()) {
      why = "request is " + s.status;
    } else {
      why = "offer " + offerId + " is not the current offer for " + responderId;
    }
    lifecycle.emitStatus(out, s, s.status, "rejected: " + why, offerId, responderId, null, m.region,
        StatusKind.ANSWER_REJECTED, null, now);
  }
}

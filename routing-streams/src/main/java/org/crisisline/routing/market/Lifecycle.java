package org.crisisline.routing.market;

import java.time.Instant;
import java.util.ArrayList;
import org.crisisline.events.AlertReason;
import org.crisisline.events.Ids;
import org.crisisline.events.EscalationStep;
import org.crisisline.events.OfferAccepted;
import org.crisisline.events.OfferDeclined;
import org.crisisline.events.OfferMade;
import org.crisisline.events.OfferRescinded;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.StatusKind;
import org.crisisline.routing.rules.EscalationLadder;

/**
 * The offer lifecycle of a request: place it (offer, refer or queue), end an offer and offer to
 * the next responder, accept, complete, close in a terminal state, move it to another market.
 * Every transition emits a {@code request-status} event; rejected answers emit one of kind
 * {@link StatusKind#ANSWER_REJECTED} with the status unchanged.
 */
final class Lifecycle {
  private final RoutingPolicy policy;
  final Referrals referrals;
  final Paging paging;
  private final AlertTriggers triggers;

  Lifecycle(RoutingPolicy policy, OnCallDirectory onCall, AlertTriggers triggers) {
    this.policy = policy;
    this.referrals = new Referrals(policy, this);
    this.paging = new Paging(policy, onCall, this);
    this.triggers = triggers;
  }

  /** Offer a waiting request to the best responder, refer it, move it, or queue it. */
  void place(Outcome out, Market m, RequestState s, Instant now) {
    out.changed(s);
    if (RoutingPolicy.DIRECTORY.equals(s.pool)) {
      referrals.place(out, m, s, now);
      return;
    }
    ResponderState r = m.bestResponderFor(s);
    if (r != null) {
      offer(out, m, s, r, now);
    } else if (s.pendingMoveTo != null) {
      move(out, m, s, s.pendingMoveTo, s.pendingMoveReason, StatusKind.ESCALATION, s.pendingMoveStep(), now);
    } else {
      m.refile(s);
    }
  }

  /** Offer waiting requests to a responder while they can take more. */
  void serve(Outcome out, Market m, ResponderState r, Instant now) {
    RequestState s;
    while ((s = m.bestRequestFor(r)) != null) {
      offer(out, m, s, r, now);
    }
  }

  void offer(Outcome out, Market m, RequestState s, ResponderState r, Instant now) {
    m.waiting.remove(s.requestId);
    s.attempts++;
    s.offerId = Ids.newId();
    s.offerTo = r.responderId;
    s.offerExpiresAt = now.plus(policy.offerTimeout(s.urgency())).toEpochMilli();
    r.pending.add(s.requestId);
    r.idleSince = now.toEpochMilli(); // the next request goes to someone who has waited longer
    m.reindex(r);
    out.changed(r);
    var q = s.request;
    out.emit(new OfferMade(Ids.newId(), now, s.requestId, s.offerId, Ids.offerCode(), r.responderId, null,
        s.attempts, Instant.ofEpochMilli(s.offerExpiresAt), q.urgency(), q.need(), q.referralKind(),
        q.language(), m.region));
    status(out, s, RequestStatus.OFFERED, "offered to " + r.responderId + " (attempt " + s.attempts + ")", now);
    out.schedule(new Timer(s.offerExpiresAt, Timer.Kind.OFFER_TIMEOUT, m.region, s.requestId, s.offerId));
  }

  /** End the outstanding offer and offer the request to the next responder. */
  void endOffer(Outcome out, Market m, RequestState s, String outcome, String reason, boolean exclude, Instant now) {
    String offerId = s.offerId;
    String to = s.offerTo;
    ResponderState r = release(out, m, s, outcome, reason, now);
    if (exclude) {
      s.excluded.add(to);
    }
    s.status = s.escalationLevel > 0 ? RequestStatus.ESCALATED : RequestStatus.QUEUED;
    // An offer that ends without excluding its responder was withdrawn from them, not refused.
    emitStatus(out, s, s.status, reason + "; re-queued", offerId, to, null, m.region,
        exclude ? StatusKind.TRANSITION : StatusKind.OFFER_WITHDRAWN, null, now);
    if (exclude && triggers.missedTooOften(s)) {
      paging.raise(out, m, s, AlertReason.MISSED_OFFERS, "imminent risk declined or missed by "
          + s.excluded.size() + " responders", now);
    }
    place(out, m, s, now);
    if (r != null) {
      serve(out, m, r, now);
    }
  }

  /** Withdraw the outstanding offer (rescind it, free the responder's slot); no re-placing. */
  private ResponderState release(Outcome out, Market m, RequestState s, String outcome, String reason,
      Instant now) {
    ResponderState r = m.responders.get(s.offerTo);
    if (r != null) {
      r.pending.remove(s.requestId);
      m.reindex(r);
      out.changed(r);
    }
    s.closedOffers.put(s.offerId, outcome);
    out.emit(new OfferRescinded(Ids.newId(), now, s.requestId, s.offerId, s.offerTo, reason));
    s.offerId = null;
    s.offerTo = null;
    s.offerExpiresAt = 0;
    return r;
  }

  void accept(Outcome out, Market m, RequestState s, OfferAccepted a, Instant now) {
    if (!isCurrent(s, a.offerId(), a.responderId())) {
      reject(out, m, s, a.offerId(), a.responderId(), now);
      return;
    }
    if (now.toEpochMilli() > s.offerExpiresAt) {
      emitStatus(out, s, s.status, "rejected: offer " + a.offerId() + " expired at "
          + Instant.ofEpochMilli(s.offerExpiresAt), a.offerId(), a.responderId(), null, m.region,
          StatusKind.ANSWER_REJECTED, null, now);
      new Timers(policy, this).timeout(out, m, s, now);
      return;
    }
    ResponderState r = m.responders.get(a.responderId());
    if (r != null) {
      r.pending.remove(s.requestId);
      r.active.add(s.requestId);
      m.reindex(r);
      out.changed(r);
    }
    s.closedOffers.put(s.offerId, "accepted");
    s.acceptedBy = a.responderId();
    s.acceptedOfferId = a.offerId();
    s.offerId = null;
    s.offerTo = null;
    s.status = RequestStatus.ACCEPTED;
    out.changed(s);
    emitStatus(out, s, RequestStatus.ACCEPTED, "accepted by " + a.responderId() + " via " + a.via(),
        a.offerId(), a.responderId(), null, m.region, now);
    paging.resolve(out, s, RequestStatus.ACCEPTED, now);
    out.schedule(new Timer(now.plus(policy.acceptedTtl()).toEpochMilli(), Timer.Kind.ACCEPTED_TTL, m.region,
        s.requestId, a.offerId()));
  }

  void decline(Outcome out, Market m, RequestState s, OfferDeclined d, Instant now) {
    if (!isCurrent(s, d.offerId(), d.responderId())) {
      reject(out, m, s, d.offerId(), d.responderId(), now);
      return;
    }
    endOffer(out, m, s, "declined", "offer " + d.offerId() + " declined by " + d.responderId()
        + (d.reasonCode() == null ? "" : " (" + d.reasonCode() + ")"), true, now);
  }

  void complete(Outcome out, Market m, RequestState s, RequestCompleted c, Instant now) {
    if (s.status != RequestStatus.ACCEPTED || !c.responderId().equals(s.acceptedBy)) {
      String why = s.status == RequestStatus.ACCEPTED ? "not accepted by " + c.responderId()
          : "request is " + s.status;
      emitStatus(out, s, s.status, "rejected: completion: " + why, null, c.responderId(), null, m.region,
          StatusKind.ANSWER_REJECTED, null, now);
      return;
    }
    close(out, m, s, RequestStatus.COMPLETED, "completed by " + c.responderId()
        + (c.disposition() == null ? "" : ": " + c.disposition()), now);
  }

  /** Close in a terminal state, withdrawing any offer and freeing any responder. */
  void close(Outcome out, Market m, RequestState s, RequestStatus terminal, String reason, Instant now) {
    ResponderState freed = null;
    String offerId = s.offerId;
    String responder = s.offerTo != null ? s.offerTo : s.acceptedBy;
    if (s.isOffered()) {
      freed = release(out, m, s, terminal.name().toLowerCase(), reason, now);
    } else if (s.status == RequestStatus.ACCEPTED) {
      offerId = s.acceptedOfferId;
      freed = m.responders.get(s.acceptedBy);
      if (freed != null) {
        freed.active.remove(s.requestId);
        freed.idleSince = now.toEpochMilli();
        m.reindex(freed);
        out.changed(freed);
      }
    }
    m.waiting.remove(s.requestId);
    s.status = terminal;
    out.changed(s);
    emitStatus(out, s, terminal, reason, offerId, responder, null, m.region, now);
    paging.resolve(out, s, terminal, now);
    out.schedule(new Timer(now.plus(policy.retainTerminal()).toEpochMilli(), Timer.Kind.PURGE, m.region,
        s.requestId, "terminal"));
    if (freed != null) {
      serve(out, m, freed, now);
    }
  }

  /**
   * Take a responder out of matching with a status and reason, and withdraw their pending
   * offers (without excluding them: they did not refuse) so those requests go to someone else.
   */
  void setUnavailable(Outcome out, Market m, ResponderState r, ResponderStatus status, String reason, Instant now) {
    r.status = status;
    r.statusReason = reason;
    m.reindex(r);
    out.changed(r);
    for (String reqId : new ArrayList<>(r.pending)) {
      RequestState s = m.requests.get(reqId);
      if (s != null && s.isOffered() && r.responderId.equals(s.offerTo)) {
        endOffer(out, m, s, "withdrawn", "offer " + s.offerId + " withdrawn: " + r.responderId + " is now "
            + status, false, now);
      } else {
        r.pending.remove(reqId);
      }
    }
  }

  /** Move a waiting request to another market (rollover, emergency pool): a re-key. */
  void move(Outcome out, Market m, RequestState s, String target, String reason, StatusKind kind,
      EscalationStep step, Instant now) {
    m.waiting.remove(s.requestId);
    RequestState copy = s.movedCopy(target);
    copy.status = RequestStatus.ESCALATED;
    s.movedTo = target;
    s.pendingMoveTo = null;
    s.pendingMoveStep = null;
    s.status = RequestStatus.ESCALATED;
    out.changed(s);
    emitStatus(out, s, RequestStatus.ESCALATED, reason, null, null, null, target, kind, step, now);
    out.forward(new Outcome.Forward(target, copy, null));
    long keepUntil = s.loggedAt + policy.ttl(s.urgency()).plus(policy.acceptedTtl()).plus(policy.retainTerminal())
        .toMillis();
    out.schedule(new Timer(keepUntil, Timer.Kind.PURGE, m.region, s.requestId, "moved"));
  }

  /** TTL, first escalation step and specialty relaxation for a request new to this market. */
  void scheduleLifetime(Outcome out, RequestState s) {
    out.schedule(new Timer(s.loggedAt + policy.ttl(s.urgency()).toMillis(), Timer.Kind.TTL, s.market,
        s.requestId, "ttl"));
    if (EscalationLadder.hasBreachAfter(s.escalationLevel)) {
      int next = s.escalationLevel + 1;
      out.schedule(new Timer(EscalationLadder.breachAt(s.loggedAt, policy.sla(s.urgency()), next),
          Timer.Kind.ESCALATE, s.market, s.requestId, Integer.toString(next)));
    }
    if (s.waitsForSpecialist(policy)) {
      out.schedule(new Timer(policy.specialtyRelaxation().relaxAt(s.loggedAt), Timer.Kind.RELAX_SPECIALTY,
          s.market, s.requestId, "relax"));
    }
  }

  void status(Outcome out, RequestState s, RequestStatus status, String reason, Instant now) {
    s.status = status;
    out.changed(s);
    emitStatus(out, s, status, reason, s.offerId, s.offerTo, s.servedBy, s.market, now);
  }

  void emitStatus(Outcome out, RequestState s, RequestStatus status, String reason, String offerId,
      String responderId, String serviceId, String region, Instant now) {
    emitStatus(out, s, status, reason, offerId, responderId, serviceId, region, StatusKind.TRANSITION, null, now);
  }

  void emitStatus(Outcome out, RequestState s, RequestStatus status, String reason, String offerId,
      String responderId, String serviceId, String region, StatusKind kind, EscalationStep step, Instant now) {
    out.emit(new RequestStatusChanged(Ids.newId(), now, s.requestId, status, reason, offerId, responderId,
        serviceId, region, s.request.urgency(), s.request.need(), kind, step, policy.version()));
  }

  private static boolean isCurrent(RequestState s, String offerId, String responderId) {
    return s.isOffered() && offerId != null && offerId.equals(s.offerId)
        && responderId != null && responderId.equals(s.offerTo);
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
    emitStatus(out, s, s.status, "rejected: " + why, offerId, responderId, null, m.region,
        StatusKind.ANSWER_REJECTED, null, now);
  }
}

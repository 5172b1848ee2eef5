package org.crisisline.routing.market;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.crisisline.events.AlertReason;
import org.crisisline.events.Ids;
import org.crisisline.events.EscalationStep;
import org.crisisline.events.OfferMade;
import org.crisisline.events.OfferRescinded;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.StatusKind;
import org.crisisline.routing.rules.EscalationLadder;

/**
 * The offer lifecycle of a request: place it (offer, refer or queue), end an offer and offer to
 * the next responder, close in a terminal state, move it to another market; answers are judged
 * by {@link Answers}.
 * Every transition emits a {@code request-status} event; rejected answers emit one of kind
 * {@link StatusKind#ANSWER_REJECTED} with the status unchanged.
 */
final class Lifecycle {
  private final RoutingPolicy policy;
  final Referrals referrals;
  final Paging paging;
  final Answers answers;
  final ServiceAnswers serviceAnswers;
  final FollowUps followUps;
  final FollowUpAnswers followUpAnswers;
  private final AlertTriggers triggers;

  Lifecycle(RoutingPolicy policy, OnCallDirectory onCall, AlertTriggers triggers) {
    this.policy = policy;
    this.referrals = new Referrals(policy, this);
    this.paging = new Paging(policy, onCall, this);
    this.answers = new Answers(policy, this);
    this.serviceAnswers = new ServiceAnswers(policy, this);
    this.followUps = new FollowUps(policy, this);
    this.followUpAnswers = new FollowUpAnswers(this, followUps);
    this.triggers = triggers;
  }

  /**
   * Offer a waiting request to the best responders (up to {@code offer.parallel.<URGENCY>} at
   * once), refer it, move it, or queue it. A request still holding some of its parallel offers is
   * topped up to that many; it moves or waits only once none is outstanding.
   */
  void place(Outcome out, Market m, RequestState s, Instant now) {
    out.changed(s);
    if (RoutingPolicy.DIRECTORY.equals(s.pool)) {
      referrals.place(out, m, s, now);
      return;
    }
    fill(out, m, s, now);
    if (!s.offers.isEmpty()) {
      return;
    }
    if (s.pendingMoveTo != null) {
      move(out, m, s, s.pendingMoveTo, s.pendingMoveReason, StatusKind.ESCALATION, s.pendingMoveStep(), now);
    } else {
      m.refile(s);
    }
  }

  /**
   * A new request in its market: logged (QUEUED; {@code origin} is appended to the reason), its
   * lifetime scheduled, placed, and an alert raised when nobody anywhere could take imminent risk.
   */
  void admit(Outcome out, Market m, RequestState s, String origin, Instant now) {
    m.requests.put(s.requestId, s);
    status(out, s, RequestStatus.QUEUED, "logged; waiting in pool " + m.region + "/" + s.pool + origin, now);
    scheduleLifetime(out, s);
    place(out, m, s, now);
    if (triggers.nobodyCanTakeIt(m, s)) {
      paging.raise(out, m, s, AlertReason.NO_COUNSELLOR_AVAILABLE, "imminent risk and no counsellor"
          + " available in " + m.region + ", its backup region or the emergency pool", now);
    }
  }

  /** Offers the request to the next best responders until {@code offer.parallel} offers are out. */
  private void fill(Outcome out, Market m, RequestState s, Instant now) {
    ResponderState r;
    while (s.offers.size() < policy.offerParallel(s.urgency()) && (r = m.bestResponderFor(s)) != null) {
      offer(out, m, s, r, now);
    }
  }

  /** Offer waiting requests to a responder while they can take more (each also to its other parallel takers). */
  void serve(Outcome out, Market m, ResponderState r, Instant now) {
    RequestState s;
    while ((s = m.bestRequestFor(r)) != null) {
      offer(out, m, s, r, now);
      fill(out, m, s, now);
    }
  }

  void offer(Outcome out, Market m, RequestState s, ResponderState r, Instant now) {
    m.waiting.remove(s.requestId);
    s.attempts++;
    String offerId = Ids.newId();
    long expiresAt = now.plus(policy.offerTimeout(s.urgency())).toEpochMilli();
    s.offers.put(offerId, new RequestState.Offer(r.responderId, expiresAt));
    r.pending.add(s.requestId);
    r.idleSince = now.toEpochMilli(); // the next request goes to someone who has waited longer
    m.reindex(r);
    out.changed(r);
    var q = s.request;
    out.emit(new OfferMade(Ids.newId(), now, s.requestId, offerId, Ids.offerCode(), r.responderId, null,
        s.attempts, Instant.ofEpochMilli(expiresAt), q.urgency(), q.need(), q.referralKind(),
        q.language(), m.region));
    s.status = RequestStatus.OFFERED;
    out.changed(s);
    emitStatus(out, s, RequestStatus.OFFERED, "offered to " + r.responderId + " (attempt " + s.attempts + ")", offerId,
        r.responderId, null, m.region, now);
    out.schedule(s, new Timer(expiresAt, Timer.Kind.OFFER_TIMEOUT, m.region, s.requestId, offerId));
  }

  /**
   * End one outstanding offer; once none is left the request is re-queued, and it is offered to
   * the next responders (topped up to its parallel offers while others are still out).
   */
  void endOffer(Outcome out, Market m, RequestState s, String offerId, String outcome, String reason, boolean exclude,
      Instant now) {
    String to = s.offers.get(offerId).responderId();
    ResponderState r = release(out, m, s, offerId, outcome, reason, now);
    if (exclude) {
      s.excluded.add(to);
    }
    // An offer that ends without excluding its responder was withdrawn from them, not refused.
    StatusKind kind = exclude ? StatusKind.TRANSITION : StatusKind.OFFER_WITHDRAWN;
    if (s.offers.isEmpty()) {
      s.status = s.escalationLevel > 0 ? RequestStatus.ESCALATED : RequestStatus.QUEUED;
      emitStatus(out, s, s.status, reason + "; re-queued", offerId, to, null, m.region, kind, null, now);
    } else {
      emitStatus(out, s, s.status, reason + "; still offered to " + s.offers.size() + " other(s)", offerId, to,
          null, m.region, kind, null, now);
    }
    if (exclude && triggers.missedTooOften(s)) {
      paging.raise(out, m, s, AlertReason.MISSED_OFFERS, "imminent risk declined or missed by "
          + s.excluded.size() + " responders", now);
    }
    place(out, m, s, now);
    if (r != null) {
      serve(out, m, r, now);
    }
  }

  /** Withdraw one outstanding offer (rescind it, free the responder's slot); no re-placing. */
  private ResponderState release(Outcome out, Market m, RequestState s, String offerId, String outcome, String reason,
      Instant now) {
    RequestState.Offer o = s.offers.remove(offerId);
    ResponderState r = m.responders.get(o.responderId());
    if (r != null) {
      r.pending.remove(s.requestId);
      m.reindex(r);
      out.changed(r);
    }
    s.closedOffers.put(offerId, outcome);
    out.emit(new OfferRescinded(Ids.newId(), now, s.requestId, offerId, o.responderId(), reason));
    return r;
  }

  /** Withdraw every outstanding offer; returns the responders whose slots were freed. */
  List<ResponderState> releaseAll(Outcome out, Market m, RequestState s, String outcome, String reason, Instant now) {
    List<ResponderState> freed = new ArrayList<>();
    for (String offerId : new ArrayList<>(s.offers.keySet())) {
      ResponderState r = release(out, m, s, offerId, outcome, reason, now);
      if (r != null) {
        freed.add(r);
      }
    }
    return freed;
  }

  /** Close in a terminal state, withdrawing any offers and freeing any responder. */
  void close(Outcome out, Market m, RequestState s, RequestStatus terminal, String reason, Instant now) {
    List<ResponderState> freed = new ArrayList<>();
    String offerId = s.firstOfferId();
    String responder = s.isOffered() ? s.firstOfferTo() : s.acceptedBy;
    String service = null;
    if (s.status == RequestStatus.REFERRED && s.referralOfferId != null) {
      // With a service waiting for its answer: the referral is withdrawn and its place given back.
      offerId = s.referralOfferId;
      service = s.servedBy;
      referrals.end(out, m, s, terminal.name().toLowerCase(), false, now);
    } else if (s.isOffered()) {
      freed.addAll(releaseAll(out, m, s, terminal.name().toLowerCase(), reason, now));
    } else if (s.status == RequestStatus.ACCEPTED) {
      offerId = s.acceptedOfferId;
      ResponderState r = m.responders.get(s.acceptedBy);
      if (r != null) {
        r.active.remove(s.requestId);
        r.idleSince = now.toEpochMilli();
        m.reindex(r);
        out.changed(r);
        freed.add(r);
      }
    }
    m.waiting.remove(s.requestId);
    s.status = terminal;
    out.changed(s);
    emitStatus(out, s, terminal, reason, offerId, responder, service, m.region, now);
    paging.resolve(out, s, terminal, now);
    out.schedule(s, new Timer(now.plus(policy.retainTerminal()).toEpochMilli(), Timer.Kind.PURGE, m.region,
        s.requestId, "terminal"));
    freed.forEach(r -> serve(out, m, r, now));
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
      String offerId = s != null && s.isOffered() ? s.offerIdOf(r.responderId) : null;
      if (offerId != null) {
        endOffer(out, m, s, offerId, "withdrawn", "offer " + offerId + " withdrawn: " + r.responderId + " is now "
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
    s.callerContact = null; // the sealed contact moves with the request; the stub keeps none
    s.pendingMoveTo = null;
    s.pendingMoveStep = null;
    s.status = RequestStatus.ESCALATED;
    out.changed(s);
    emitStatus(out, s, RequestStatus.ESCALATED, reason, null, null, null, target, kind, step, now);
    out.forward(new Outcome.Forward(target, copy, null));
    long keepUntil = s.loggedAt + policy.ttl(s.urgency()).plus(policy.acceptedTtl()).plus(policy.retainTerminal())
        .toMillis();
    if (RoutingPolicy.DIRECTORY.equals(s.pool)) {
      // Services answer, and report outcomes, through the home market for as long as routing judges them.
      keepUntil += referrals.times().outcomeWindow().plus(referrals.times().ackTimeout().multipliedBy(m.services.size()))
          .toMillis();
    }
    out.schedule(s, new Timer(keepUntil, Timer.Kind.PURGE, m.region, s.requestId, "moved"));
  }

  /**
   * TTL, first escalation step and specialty relaxation for a request new to this market, or a
   * referral handed to peer support (both counted from {@link RequestState#lifetimeStart()}).
   */
  void scheduleLifetime(Outcome out, RequestState s) {
    out.schedule(s, new Timer(s.lifetimeStart() + policy.ttl(s.urgency()).toMillis(), Timer.Kind.TTL, s.market,
        s.requestId, "ttl"));
    if (EscalationLadder.hasBreachAfter(s.escalationLevel)) {
      int next = s.escalationLevel + 1;
      out.schedule(s, new Timer(EscalationLadder.breachAt(s.lifetimeStart(), policy.sla(s.urgency()), next),
          Timer.Kind.ESCALATE, s.market, s.requestId, Integer.toString(next)));
    }
    if (s.waitsForSpecialist(policy)) {
      out.schedule(s, new Timer(policy.specialtyRelaxation().relaxAt(s.loggedAt), Timer.Kind.RELAX_SPECIALTY,
          s.market, s.requestId, "relax"));
    }
  }

  void status(Outcome out, RequestState s, RequestStatus status, String reason, Instant now) {
    s.status = status;
    out.changed(s);
    emitStatus(out, s, status, reason, s.firstOfferId(), s.firstOfferTo(), s.servedBy, s.market, now);
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
}

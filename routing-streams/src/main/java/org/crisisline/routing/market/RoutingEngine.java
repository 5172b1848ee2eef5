package org.crisisline.routing.market;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.crisisline.events.AlertAckRequested;
import org.crisisline.events.AnswerEvent;
import org.crisisline.events.DeliveryFailed;
import org.crisisline.events.Event;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.LocalService;
import org.crisisline.events.RequestCancelled;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.ResponderStatus;

/**
 * The routing rules for the markets of one Streams task, in plain Java. Each input (request, answer,
 * alert acknowledgement, delivery failure, responder or directory change, timer) is one call that changes the
 * in-memory markets and returns an {@link Outcome}; the caller persists the changed state (deadlines are
 * kept in it), publishes the events and indexes the deadlines, all in one transaction.
 *
 * <p>Invariant kept after every call: no waiting request has an eligible responder who could
 * take an offer (an offered one holds up to {@code offer.parallel} offers). Every change that can create
 * such a pair (a request arrives or is re-queued or relaxed; a responder frees up) runs a match for that side.
 */
public final class RoutingEngine {
  private final RoutingPolicy policy;
  private final Map<String, Market> markets = new HashMap<>();
  final Lifecycle lifecycle;
  private final AlertTriggers triggers;

  /** An engine that knows no on-call schedules and nothing of markets it does not hold. */
  public RoutingEngine(RoutingPolicy policy) {
    this(policy, OnCallDirectory.NONE, PoolsElsewhere.NONE);
  }

  /** {@code onCall}: who each step of an alert pages; {@code elsewhere}: other tasks' pools ({@link AlertTriggers}). */
  public RoutingEngine(RoutingPolicy policy, OnCallDirectory onCall, PoolsElsewhere elsewhere) {
    this.policy = policy;
    this.triggers = new AlertTriggers(policy, markets::get, elsewhere);
    this.lifecycle = new Lifecycle(policy, onCall, triggers);
  }

  Market market(String region) {
    return markets.computeIfAbsent(region, r -> new Market(r, policy));
  }

  /** The region whose market holds {@code requestId} (where it moved to, before its stub at home), or null. */
  public String regionHolding(String requestId) {
    return markets.values().stream().filter(m -> m.requests.containsKey(requestId))
        .min(java.util.Comparator.comparing(m -> m.requests.get(requestId).isStub())).map(m -> m.region).orElse(null);
  }

  // ---- restore (state stores -> memory) ----

  public void restore(RequestState r) {
    r.migrate();
    Market m = market(r.market);
    m.requests.put(r.requestId, r);
    m.refile(r);
  }

  public void restore(ResponderState r) {
    Market m = market(r.market);
    m.responders.put(r.responderId, r);
    m.reindex(r);
  }

  public void restore(ServiceState s) {
    market(s.market).services.put(s.service.serviceId(), s);
  }

  // ---- inputs ----

  public Outcome onRequestLogged(HelpRequestLogged r, Instant now) {
    Outcome out = new Outcome();
    Market m = market(r.region());
    if (m.requests.containsKey(r.requestId())) {
      return out; // a duplicate delivery of the same request: already routed
    }
    long loggedAt = Math.min(r.occurredAt().toEpochMilli(), now.toEpochMilli());
    // The sealed contact (kept only with consent, see RequestRouter) is held apart from the request, so
    // that it can be dropped once no follow-up needs it, and moves with the request and nothing else.
    RequestState s = new RequestState(FollowUps.withoutContact(r), m.region, policy.poolFor(r.urgency(), r.need()),
        loggedAt);
    s.callerContact = r.consentToContact() ? r.callerContact() : null;
    // A request handed on by a responder names its parent, so the child's timeline shows where it came from.
    lifecycle.admit(out, m, s, r.parentRequestId() == null ? "" : "; handed on from request " + r.parentRequestId(), now);
    return out;
  }

  public Outcome onTransferIn(RequestState moved, Instant now) {
    Outcome out = new Outcome();
    Market m = market(moved.market);
    RequestState existing = m.requests.get(moved.requestId);
    if (existing != null && !existing.isStub()) {
      return out; // already here (a replayed transfer)
    }
    moved.timers.clear(); // its deadlines are set again below, for this market
    m.requests.put(moved.requestId, moved);
    lifecycle.scheduleLifetime(out, moved);
    lifecycle.followUps.rescheduleAfterMove(out, moved);
    lifecycle.paging.reschedule(out, moved);
    lifecycle.place(out, m, moved, now);
    return out;
  }

  public Outcome onCancelled(String region, RequestCancelled c, Instant now) {
    Outcome out = new Outcome();
    Market m = market(region);
    RequestState s = m.requests.get(c.requestId());
    if (s == null || forwarded(out, s, c) || s.status.isTerminal()) {
      return out; // cancelling what is already closed changes nothing
    }
    lifecycle.close(out, m, s, RequestStatus.CANCELLED,
        "cancelled by " + c.cancelledBy() + (c.reasonCode() == null ? "" : ": " + c.reasonCode()), now);
    return out;
  }

  public Outcome onAnswer(String region, AnswerEvent a, Instant now) {
    Outcome out = new Outcome();
    Market m = market(region);
    RequestState s = m.requests.get(a.requestId());
    if (s == null || forwarded(out, s, a)) {
      return out;
    }
    lifecycle.answers.judge(out, m, s, a, now);
    return out;
  }

  /** Someone asks to acknowledge the request's alert: applied only to its OPEN alert of that id, once. */
  public Outcome onAlertAck(String region, AlertAckRequested k, Instant now) {
    Outcome out = new Outcome();
    RequestState s = market(region).requests.get(k.requestId());
    if (s != null && !forwarded(out, s, k)) {
      lifecycle.paging.acknowledge(out, s, k, now);
    }
    return out;
  }

  public Outcome onDeliveryFailed(String region, DeliveryFailed f, Instant now) {
    Outcome out = new Outcome();
    Market m = market(region);
    RequestState s = m.requests.get(f.requestId());
    if (s != null && !forwarded(out, s, f)) {
      lifecycle.answers.undeliverable(out, m, s, f, now);
    }
    return out;
  }

  public Outcome onResponder(ResponderView v, Instant now) {
    Outcome out = new Outcome();
    Market m = market(v.region());
    ResponderState r = m.responders.get(v.responderId());
    if (v.removed()) {
      if (r != null) {
        lifecycle.setUnavailable(out, m, r, ResponderStatus.OFFLINE, "left region " + m.region, now);
        r.profile = null;
        m.reindex(r);
        out.changed(r);
      }
      return out;
    }
    if (r == null) {
      r = new ResponderState(v.responderId(), m.region, now.toEpochMilli());
      m.responders.put(r.responderId, r);
    }
    boolean wasAvailable = r.status == ResponderStatus.AVAILABLE;
    r.profile = v.profile();
    if (v.status() != null && !v.status().eventId().equals(r.lastStatusEventId)) {
      r.lastStatusEventId = v.status().eventId();
      r.status = v.status().status();
      r.statusReason = v.status().reason();
      if (r.status == ResponderStatus.AVAILABLE && !wasAvailable) {
        r.idleSince = now.toEpochMilli();
      }
    }
    out.changed(r);
    if (r.status != ResponderStatus.AVAILABLE || !r.profile.active()) {
      lifecycle.setUnavailable(out, m, r, r.status, r.statusReason, now);
    }
    m.reindex(r);
    lifecycle.serve(out, m, r, now);
    return out;
  }

  public Outcome onService(String region, LocalService svc, boolean removed, Instant now) {
    Outcome out = new Outcome();
    Market m = market(region);
    ServiceState old = m.services.get(svc.serviceId());
    if (removed) {
      if (old != null) {
        m.services.remove(svc.serviceId());
        out.removed(old);
      }
      return out;
    }
    ServiceState s = new ServiceState(svc, m.region);
    if (old != null && Objects.equals(old.service.capacity(), svc.capacity())) {
      s.referredSinceUpdate = old.referredSinceUpdate; // same capacity report: our referrals still count
    }
    m.services.put(svc.serviceId(), s);
    out.changed(s);
    lifecycle.referrals.retry(out, m, svc.kinds().stream().map(Enum::name).toList(), now);
    return out;
  }

  /** Periodic: services open and close by schedule, so waiting referrals are retried. */
  public Outcome sweepReferrals(Instant now) {
    Outcome out = new Outcome();
    for (Market m : markets.values()) {
      if (!m.services.isEmpty()) {
        lifecycle.referrals.retry(out, m, null, now);
      }
    }
    return out;
  }

  public Outcome onTimer(Timer t, Instant now) {
    Outcome out = new Outcome();
    Market m = markets.get(t.market());
    RequestState s = m == null ? null : m.requests.get(t.requestId());
    if (s == null) {
      return out;
    }
    if (s.timers.remove(t)) {
      out.changed(s); // written without it, so that a restart does not fire it again
    }
    if (t.kind() == Timer.Kind.PURGE) {
      // Judged at the timer's own due time: timers fired late together (after downtime) fire in due
      // order, so a follow-up due before this purge is logged before it.
      if (s.purgeable() && !s.followUpsPending(t.dueAt())) {
        m.requests.remove(s.requestId);
        m.waiting.remove(s.requestId);
        out.removed(s);
      }
      return out;
    }
    if (t.kind() == Timer.Kind.FOLLOW_UP_DUE) {
      if (!s.isStub()) {
        lifecycle.followUps.due(out, m, s, t, now);
      }
      return out;
    }
    if (s.isStub() || s.status.isTerminal()) {
      return out;
    }
    new Timers(policy, lifecycle).fire(out, m, s, t, now);
    return out;
  }

  /**
   * Puts {@code t} in its entry ({@code keep}: a deadline from the store they were kept in before) or takes it
   * out (a deadline that cannot be applied); the entry to write, or null if that changed nothing.
   */
  public RequestState keepOrDrop(Timer t, boolean keep) {
    Market m = markets.get(t.market());
    RequestState s = m == null ? null : m.requests.get(t.requestId());
    boolean changed = s != null && (keep ? !s.timers.contains(t) && s.timers.add(t) : s.timers.remove(t));
    return changed ? s : null;
  }

  /** Snapshots of the given pools ({@code region/pool}). */
  public List<org.crisisline.events.QueueSnapshot> snapshots(Collection<String> poolIds, Instant now) {
    List<org.crisisline.events.QueueSnapshot> out = new ArrayList<>();
    for (String id : poolIds) {
      int slash = id.indexOf('/');
      Market m = markets.get(id.substring(0, slash));
      if (m != null) {
        out.add(m.snapshot(id.substring(slash + 1), now));
      }
    }
    return out;
  }

  /** Every pool of every market, for periodic refreshes. */
  public List<String> allPools() {
    List<String> ids = new ArrayList<>();
    markets.values().forEach(m -> m.pools().forEach(p -> ids.add(m.region + "/" + p)));
    return ids;
  }

  /** Read-only queries over these markets (tests, invariants, the benchmark). */
  public MarketQueries queries() {
    return new MarketQueries(policy, this::market);
  }

  private static boolean forwarded(Outcome out, RequestState s, Event e) {
    if (s.isStub()) {
      out.forward(new Outcome.Forward(s.movedTo, null, e));
      return true;
    }
    return false;
  }
}

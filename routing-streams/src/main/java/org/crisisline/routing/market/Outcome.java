package org.crisisline.routing.market;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crisisline.events.AlertEvent;
import org.crisisline.events.Event;
import org.crisisline.events.FollowUpEvent;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.OfferEvent;
import org.crisisline.events.RequestStatusChanged;

/**
 * What one engine step decided: events to publish (offers, status changes, alerts, follow-ups) in order, records
 * to re-key to another market (a rolled-over request, an answer for a request that moved),
 * timers to keep, and the state that changed (to write back) or went away (to delete).
 */
public final class Outcome {
  /** A record for another market: either a request moving there, or an event following it. */
  public record Forward(String market, RequestState transfer, Event event) {}

  private final List<Event> events = new ArrayList<>();
  private final List<OfferEvent> offers = new ArrayList<>();
  private final List<RequestStatusChanged> statuses = new ArrayList<>();
  private final List<AlertEvent> alerts = new ArrayList<>();
  private final List<FollowUpEvent> followUps = new ArrayList<>();
  private final List<Forward> forwards = new ArrayList<>();
  private final List<HelpRequestLogged> followUpsLogged = new ArrayList<>();
  private final List<Timer> timers = new ArrayList<>();
  private final Map<String, RequestState> changedRequests = new LinkedHashMap<>();
  private final Map<String, RequestState> removedRequests = new LinkedHashMap<>();
  private final Map<String, ResponderState> changedResponders = new LinkedHashMap<>();
  private final Map<String, ServiceState> changedServices = new LinkedHashMap<>();
  private final Set<String> removedServices = new LinkedHashSet<>();
  private final Set<String> dirtyPools = new LinkedHashSet<>();

  void emit(OfferEvent e) {
    events.add(e);
    offers.add(e);
  }

  void emit(RequestStatusChanged e) {
    events.add(e);
    statuses.add(e);
  }

  void emit(AlertEvent e) {
    events.add(e);
    alerts.add(e);
  }

  void emit(FollowUpEvent e) {
    events.add(e);
    followUps.add(e);
  }

  void forward(Forward f) {
    forwards.add(f);
  }

  /** A follow-up logged by routing, so that its answers find its market like any request's. */
  void logged(HelpRequestLogged followUp) {
    followUpsLogged.add(followUp);
  }

  /**
   * A deadline of {@code s}: kept in its state, which is written for it (see {@link RequestState#timers}),
   * and listed here for the processor's index of due times.
   */
  void schedule(RequestState s, Timer t) {
    if (!s.timers.contains(t)) {
      s.timers.add(t);
    }
    changed(s);
    timers.add(t);
  }

  void changed(RequestState r) {
    removedRequests.remove(r.key());
    changedRequests.put(r.key(), r);
    dirtyPools.add(r.market + "/" + r.pool);
  }

  void removed(RequestState r) {
    changedRequests.remove(r.key());
    removedRequests.put(r.key(), r);
  }

  void changed(ResponderState r) {
    changedResponders.put(r.key(), r);
    if (r.pool() != null) {
      dirtyPools.add(r.market + "/" + r.pool());
    }
  }

  void changed(ServiceState s) {
    removedServices.remove(s.key());
    changedServices.put(s.key(), s);
    dirtyPools.add(s.market + "/" + RoutingPolicy.DIRECTORY);
  }

  void removed(ServiceState s) {
    changedServices.remove(s.key());
    removedServices.add(s.key());
  }

  /** Offers, status changes, alert and follow-up events, in the order they were decided. */
  public List<Event> events() {
    return events;
  }

  /** For {@code offers}: OfferMade and OfferRescinded, in order. */
  public List<OfferEvent> offers() {
    return offers;
  }

  /** For {@code request-status}, in order. */
  public List<RequestStatusChanged> statuses() {
    return statuses;
  }

  /** For {@code alerts}: raised, steps, pages, acknowledged, resolved, in order. */
  public List<AlertEvent> alerts() {
    return alerts;
  }

  /** For {@code follow-ups}: the caring-contact plan of a request as it happens, in order. */
  public List<FollowUpEvent> followUps() {
    return followUps;
  }

  public List<Forward> forwards() {
    return forwards;
  }

  /** Follow-ups logged by routing, for the request side to learn their region (no PII in them). */
  public List<HelpRequestLogged> followUpsLogged() {
    return followUpsLogged;
  }

  public List<Timer> timers() {
    return timers;
  }

  public Iterable<RequestState> changedRequests() {
    return changedRequests.values();
  }

  public Set<String> removedRequestKeys() {
    return removedRequests.keySet();
  }

  /** The entries that went away, as they were last (their deadlines leave the processor's index with them). */
  public Iterable<RequestState> removedRequests() {
    return removedRequests.values();
  }

  public Iterable<ResponderState> changedResponders() {
    return changedResponders.values();
  }

  public Iterable<ServiceState> changedServices() {
    return changedServices.values();
  }

  public Set<String> removedServiceKeys() {
    return removedServices;
  }

  /** Pools ({@code region/pool}) whose snapshot may have changed. */
  public Set<String> dirtyPools() {
    return dirtyPools;
  }
}

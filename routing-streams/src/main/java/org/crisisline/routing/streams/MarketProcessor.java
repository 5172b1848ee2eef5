package org.crisisline.routing.streams;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.crisisline.events.AlertAckRequested;
import org.crisisline.events.AlertEvent;
import org.crisisline.events.AnswerEvent;
import org.crisisline.events.DeliveryFailed;
import org.crisisline.events.Event;
import org.crisisline.events.FollowUpEvent;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.LocalService;
import org.crisisline.events.OfferEvent;
import org.crisisline.events.QueueSnapshot;
import org.crisisline.events.RequestCancelled;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.ScheduleSaved;
import org.crisisline.events.StatusKind;
import org.crisisline.routing.RoutingMetrics;
import org.crisisline.routing.market.Outcome;
import org.crisisline.routing.market.RequestState;
import org.crisisline.routing.market.ResponderState;
import org.crisisline.routing.market.RoutingEngine;
import org.crisisline.routing.market.RoutingPolicy;
import org.crisisline.routing.market.ServiceState;
import org.crisisline.routing.market.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The market task: reads MarketMessages keyed by region from {@code <application.id>-markets} and
 * straight from the {@link RequestRouter} of its task (unkeyed: the request's market here is found by
 * its id), loads the markets from the {@code market-requests}, {@code market-responders} and
 * {@code market-services} stores on init, hands each record to the {@link RoutingEngine}, and
 * writes back what it decided: state to the stores (deadlines included: {@link TimerIndex}),
 * OfferMade/OfferRescinded (to {@code offers}), RequestStatusChanged (to {@code request-status}),
 * alert events (to {@code alerts}) and follow-up events (to {@code follow-ups}) keyed by requestId,
 * moves keyed by target region (back to {@code <application.id>-markets}), and QueueSnapshot keyed by poolId (to {@code queue-snapshots}).
 * Who is on call and how other tasks' pools stand are read from two global stores
 * ({@link OnCallSchedules}, {@link PoolSnapshots}).
 * Each goes to its own named sink ({@link MarketSinks}); the {@code Object} output bound is only
 * the framework's common supertype, every forward goes through a typed {@link MarketSinks.Sink}.
 *
 * <p>Time is the processor context's wall clock ({@code currentSystemTimeMs}), which tests
 * drive with {@code TopologyTestDriver.advanceWallClockTime}. A wall-clock punctuation each
 * second fires the timers due in the store (offer timeouts once the task has also read its input
 * up to them, {@link InputClock}): under exactly_once_v2 the timer deletion, the
 * state changes and the records it emits commit in one transaction, so a crash repeats or
 * loses nothing.
 */
public final class MarketProcessor implements Processor<String, MarketMessage, String, Object> {
  public static final String REQUESTS = "market-requests";
  public static final String RESPONDERS = "market-responders";
  public static final String SERVICES = "market-services";
  /** The index of deadlines by due time (memory only, see {@link TimerIndex}). */
  public static final String TIMERS = TimerIndex.STORE;
  public static final String LEGACY_TIMERS = TimerIndex.LEGACY_STORE;
  static final Duration TICK = Duration.ofSeconds(1);
  private static final int MAX_TIMERS_PER_TICK = 10_000;
  private static final Logger log = LoggerFactory.getLogger(MarketProcessor.class);

  private final RoutingPolicy policy;
  private final RoutingMetrics metrics;
  private final EarlyCommit earlyCommit;
  private final MarketSinks sinks;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, RequestState> requests;
  private KeyValueStore<String, ResponderState> responders;
  private KeyValueStore<String, ServiceState> services;
  private TimerIndex timers;
  private OnCallSchedules onCall;
  private PoolSnapshots elsewhere;
  private RoutingEngine engine;
  private final SnapshotPacer snapshots;
  private long lastSweep, lastRefresh;
  /** Offer timeouts wait until this task has read its answers up to the expiry (InputClock). */
  private final InputClock input = new InputClock();

  public MarketProcessor(RoutingPolicy policy, RoutingMetrics metrics, EarlyCommit earlyCommit, MarketSinks sinks) {
    this.policy = policy;
    this.metrics = metrics;
    this.earlyCommit = earlyCommit;
    this.sinks = sinks;
    this.snapshots = new SnapshotPacer(policy.snapshotMinIntervalMillis());
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.requests = context.getStateStore(REQUESTS);
    this.responders = context.getStateStore(RESPONDERS);
    this.services = context.getStateStore(SERVICES);
    this.timers = new TimerIndex(context.getStateStore(TIMERS));
    KeyValueStore<String, ValueAndTimestamp<ScheduleSaved>> schedules = context.getStateStore(OnCallSchedules.STORE);
    KeyValueStore<String, ValueAndTimestamp<QueueSnapshot>> snapshots = context.getStateStore(PoolSnapshots.STORE);
    this.onCall = new OnCallSchedules(schedules);
    this.elsewhere = new PoolSnapshots(snapshots);
    this.snapshots.clear();
    rebuild();
    timers.adoptLegacy(context.getStateStore(LEGACY_TIMERS), engine, requests);
    long now = context.currentSystemTimeMs();
    lastSweep = now;
    lastRefresh = now;
    context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, this::tick);
  }

  @Override
  public void process(Record<String, MarketMessage> record) {
    MarketMessage m = record.value();
    String region = record.key() != null || m == null ? record.key() : regionOf(m.event());
    if (m == null || region == null) {
      return;
    }
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    input.processed(record.timestamp(), now.toEpochMilli());
    EarlyCommit.Reason early = earlyCommit.wanted(record.timestamp(), context);
    Outcome out;
    try {
      out = decide(m, region, now);
    } catch (RuntimeException e) {
      // Nothing was written yet: drop what the engine changed in memory, then let the
      // processing handler dead-letter the record.
      rebuild();
      throw e;
    }
    apply(out, now.toEpochMilli());
    commitEarlyIf(early, out);
  }

  /** The region of a record that came in one hop, unkeyed (the router does not know it); null if none here. */
  private String regionOf(Event e) {
    String requestId = RequestRouter.requestIdOf(e), region = requestId == null ? null : engine.regionHolding(requestId);
    if (region == null) {
      RequestRouter.unroutable(metrics, e == null ? "record" : e.type(), requestId);
    }
    return region;
  }

  /**
   * A fresh engine from the stores (on init, also when an aborted transaction revives the task,
   * and after a failed decision): the stores are the truth, memory is an index over them.
   */
  private void rebuild() {
    engine = new RoutingEngine(policy, onCall, elsewhere);
    timers.clear();
    try (KeyValueIterator<String, ResponderState> it = responders.all()) {
      it.forEachRemaining(kv -> engine.restore(kv.value));
    }
    try (KeyValueIterator<String, ServiceState> it = services.all()) {
      it.forEachRemaining(kv -> engine.restore(kv.value));
    }
    try (KeyValueIterator<String, RequestState> it = requests.all()) {
      it.forEachRemaining(kv -> {
        engine.restore(kv.value);
        kv.value.timers().forEach(timers::add);
      });
    }
    snapshots.changed(engine.allPools());
  }

  private Outcome decide(MarketMessage m, String region, Instant now) {
    Outcome out;
    if (m.transfer() != null) {
      out = engine.onTransferIn(m.transfer(), now);
    } else if (m.responder() != null) {
      out = engine.onResponder(m.responder(), now);
    } else {
      Event e = m.event();
      if (e instanceof HelpRequestLogged h) {
        out = engine.onRequestLogged(h, now);
      } else if (e instanceof RequestCancelled c) {
        out = engine.onCancelled(region, c, now);
      } else if (e instanceof AnswerEvent a) {
        out = engine.onAnswer(region, a, now);
      } else if (e instanceof DeliveryFailed f) {
        out = engine.onDeliveryFailed(region, f, now);
      } else if (e instanceof LocalService s) {
        out = engine.onService(region, s, m.removed(), now);
      } else if (e instanceof AlertAckRequested k) {
        out = engine.onAlertAck(region, k, now);
        if (out.alerts().isEmpty() && out.forwards().isEmpty()) {
          metrics.inc("alert.acks.ignored", "Alert acknowledgements that no longer applied (not OPEN, another alert)");
        }
      } else {
        out = new Outcome();
      }
    }
    return out;
  }

  private void tick(long wallClock) {
    Instant now = Instant.ofEpochMilli(wallClock);
    long inputTime = input.now(wallClock);
    for (Timer t : timers.due(wallClock, MAX_TIMERS_PER_TICK)) {
      if (t.kind() == Timer.Kind.OFFER_TIMEOUT && t.dueAt() > inputTime) {
        continue; // an answer given in time may still be unread: judged once the input has reached it
      }
      timers.remove(t);
      Outcome out;
      try {
        out = engine.onTimer(t, now); // also takes it out of its request's state
      } catch (RuntimeException e) {
        // A timer that cannot be applied would fail every tick: drop it, loudly.
        log.error("dropping timer {} {} of request {}: {}", t.kind(), t.market(), t.requestId(), e.toString());
        metrics.inc("timer.failures", "Timers dropped because they could not be applied");
        rebuild();
        RequestState holder = engine.keepOrDrop(t, false);
        if (holder != null) {
          requests.put(holder.key(), holder);
        }
        timers.remove(t);
        continue;
      }
      apply(out, wallClock);
      commitEarlyIf(EarlyCommit.Reason.TIMER, out); // a re-offer after a timeout: at most once a tick per task
    }
    if (wallClock - lastSweep >= policy.referralRetry().toMillis()) {
      lastSweep = wallClock;
      apply(engine.sweepReferrals(now), wallClock);
    }
    if (wallClock - lastRefresh >= policy.snapshotRefresh().toMillis()) {
      // Waits grow while nothing happens: refresh every pool now and then.
      lastRefresh = wallClock;
      snapshots.changed(engine.allPools());
    }
    emitSnapshots(wallClock);
  }

  private void emitSnapshots(long wallClock) {
    for (QueueSnapshot s : engine.snapshots(snapshots.due(wallClock), Instant.ofEpochMilli(wallClock))) {
      MarketSinks.QUEUE_SNAPSHOTS.send(context, new Record<>(s.poolId(), s, wallClock));
      metrics.snapshot(s);
    }
  }

  private void apply(Outcome out, long timestamp) {
    out.changedRequests().forEach(r -> requests.put(r.key(), r));
    for (RequestState gone : out.removedRequests()) {
      requests.delete(gone.key());
      gone.timers().forEach(timers::remove); // its deadlines go with it
    }
    out.changedResponders().forEach(r -> responders.put(r.key(), r));
    out.changedServices().forEach(s -> services.put(s.key(), s));
    out.removedServiceKeys().forEach(services::delete);
    out.timers().forEach(timers::add);
    for (OfferEvent e : out.offers()) {
      MarketSinks.OFFERS.send(context, new Record<>(e.requestId(), e, timestamp));
      metrics.offer(e);
    }
    for (RequestStatusChanged e : out.statuses()) {
      MarketSinks.REQUEST_STATUS.send(context, new Record<>(e.requestId(), e, timestamp));
      metrics.status(e);
      if (e.status() == RequestStatus.ACCEPTED && e.kind() == StatusKind.TRANSITION) {
        timeToAccept(out, e);
      }
    }
    for (AlertEvent e : out.alerts()) {
      MarketSinks.ALERTS.send(context, new Record<>(e.requestId(), e, timestamp));
      metrics.alert(e);
    }
    for (FollowUpEvent e : out.followUps()) {
      MarketSinks.FOLLOW_UP_EVENTS.send(context, new Record<>(e.requestId(), e, timestamp));
    }
    for (HelpRequestLogged h : out.followUpsLogged()) {
      context.forward(new Record<String, Object>(h.requestId(), h, timestamp), MarketSinks.FOLLOW_UPS);
    }
    for (Outcome.Forward f : out.forwards()) {
      MarketMessage m = f.transfer() != null ? MarketMessage.transfer(f.transfer()) : MarketMessage.of(f.event());
      sinks.markets().send(context, new Record<>(f.market(), m, timestamp));
    }
    snapshots.changed(out.dirtyPools());
  }

  private void timeToAccept(Outcome out, RequestStatusChanged accepted) {
    for (RequestState r : out.changedRequests()) {
      if (r.requestId().equals(accepted.requestId())) {
        metrics.accepted(accepted.urgency(),
            Duration.ofMillis(Math.max(0, accepted.occurredAt().toEpochMilli() - r.loggedAt())));
        return;
      }
    }
  }

  /** Offers, status changes and moves are waited on; snapshots and state alone are not. */
  private void commitEarlyIf(EarlyCommit.Reason why, Outcome out) {
    if (why != null && (!out.events().isEmpty() || !out.forwards().isEmpty())) {
      earlyCommit.commit(context, why);
    }
  }
}

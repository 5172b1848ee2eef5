package org.crisisline.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.streams.KafkaStreams;
import org.crisisline.events.AlertEvent;
import org.crisisline.events.AlertPaged;
import org.crisisline.events.AlertRaised;
import org.crisisline.events.OfferEvent;
import org.crisisline.events.OfferMade;
import org.crisisline.events.QueueSnapshot;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.Urgency;

/**
 * Routing's decision metrics, in a Micrometer registry (Prometheus names in brackets):
 * <ul>
 *   <li>per pool, from the latest {@link QueueSnapshot} this instance emitted for it: waiting
 *       requests by urgency ({@code crisisline_routing_waiting_requests{region,pool,urgency}}), the
 *       longest wait and its SLA ({@code crisisline_routing_longest_wait_seconds},
 *       {@code crisisline_routing_longest_wait_sla_seconds}), outstanding offers and requests past
 *       their SLA ({@code crisisline_routing_offers_outstanding}, {@code crisisline_routing_sla_breaches});
 *       NaN once the snapshot is older than {@code staleAfter} (the pool moved to another instance);</li>
 *   <li>time from logging to acceptance by urgency ({@code crisisline_routing_time_to_accept_seconds}, a
 *       histogram);</li>
 *   <li>counters: status changes by status and kind, escalations by step, offers made and
 *       rescinded, alerts raised by reason ({@code crisisline_routing_alerts_raised_total{reason}}),
 *       pages decided ({@code crisisline_routing_pages_decided_total}), acknowledgements that no longer
 *       applied, dead letters, unroutable records, dropped timers, snapshots.</li>
 * </ul>
 * Thread-safe: stream threads record, the HTTP thread scrapes.
 */
public final class RoutingMetrics {
  /** Buckets of the time to accept: around the SLAs of the default policy (1, 5, 15, 60 min). */
  private static final Duration[] ACCEPT_BUCKETS = {
      Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
      Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30),
      Duration.ofHours(1), Duration.ofHours(2)};

  private final MeterRegistry registry;
  private final Duration staleAfter;
  private final LongSupplier clock;
  private final Map<String, QueueSnapshot> latest = new ConcurrentHashMap<>();

  /** Metrics kept in a private registry (topology tests). */
  public RoutingMetrics() {
    this(new SimpleMeterRegistry(), Duration.ofMinutes(1), System::currentTimeMillis);
  }

  /**
   * Metrics in {@code registry}; a pool's gauges read NaN when its latest snapshot is older than
   * {@code staleAfter} by {@code clock} (epoch millis).
   */
  public RoutingMetrics(MeterRegistry registry, Duration staleAfter, LongSupplier clock) {
    this.registry = registry;
    this.staleAfter = staleAfter;
    this.clock = clock;
    FunctionCounter.builder("crisisline.dead.letters", this, m -> DeadLetterHandler.count())
        .description("Records routing could not decode or act on, sent to dead-letters")
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** {@code crisisline_routing_streams_state{state}}: 1 for the state Streams is in, 0 for the others. */
  public void streamsState(Supplier<KafkaStreams.State> state) {
    for (KafkaStreams.State st : KafkaStreams.State.values()) {
      // The Supplier form holds the supplier strongly: with (object, function) Micrometer keeps only a
      // weak reference, and a method reference nobody else holds is collected (the gauge then reads NaN).
      Gauge.builder("crisisline.routing.streams.state", () -> state.get() == st ? 1 : 0)
          .description("1 for the state Kafka Streams is in (RUNNING when routing decides), 0 for the others")
          .tag("state", st.name()).register(registry);
    }
  }

  /** {@code crisisline_routing_policy_info{version}} = 1: the policy this instance decides by. */
  public void policy(String version) {
    Gauge.builder("crisisline.routing.policy.info", () -> 1)
        .description("The version of the routing policy this instance decides by (always 1)")
        .tag("version", version).register(registry);
  }

  /** An offer routing emitted: {@code event} made or rescinded. */
  public void offer(OfferEvent e) {
    Counter.builder("crisisline.routing.offers").description("Offers routing made or rescinded")
        .tag("event", e instanceof OfferMade ? "made" : "rescinded").register(registry).increment();
  }

  /** A status change routing emitted, and the escalation step it records, if any. */
  public void status(RequestStatusChanged s) {
    Counter.builder("crisisline.routing.status.changes")
        .description("Request status events routing emitted, by status and kind (a rejected answer repeats the status)")
        .tag("status", s.status().name()).tag("kind", s.kind().name()).register(registry).increment();
    if (s.escalationStep() != null) {
      Counter.builder("crisisline.routing.escalations").description("Steps of the escalation ladder taken, by step")
          .tag("step", s.escalationStep().name()).register(registry).increment();
    }
  }

  /** An alert event routing emitted: raised alerts by reason, and pages decided, are counted (no user ids). */
  public void alert(AlertEvent e) {
    if (e instanceof AlertRaised r) {
      Counter.builder("crisisline.routing.alerts.raised").description("Alerts raised, by why")
          .tag("reason", r.reason().name()).register(registry).increment();
    } else if (e instanceof AlertPaged) {
      Counter.builder("crisisline.routing.pages.decided")
          .description("Pages routing decided (one per person on call at a step)").register(registry).increment();
    }
  }

  /** A request was accepted {@code wait} after it was logged. */
  public void accepted(Urgency urgency, Duration wait) {
    Timer.builder("crisisline.routing.time.to.accept")
        .description("Time from logging a request to a responder accepting it, by urgency")
        .tag("urgency", urgency == null ? "UNKNOWN" : urgency.name())
        .serviceLevelObjectives(ACCEPT_BUCKETS).register(registry).record(wait);
  }

  /** The latest state of a pool: its gauges follow it from now on. */
  public void snapshot(QueueSnapshot s) {
    if (latest.put(s.poolId(), s) == null) {
      for (Urgency u : Urgency.values()) {
        gauge("crisisline.routing.waiting.requests", "Requests waiting for a responder, by urgency", s,
            q -> q.waitingByUrgency().getOrDefault(u, 0)).tag("urgency", u.name()).register(registry);
      }
      gauge("crisisline.routing.longest.wait", "How long the longest-waiting request of the pool has waited", s,
          QueueSnapshot::longestWaitSeconds).baseUnit("seconds").register(registry);
      gauge("crisisline.routing.longest.wait.sla", "The SLA of the longest-waiting request of the pool", s,
          QueueSnapshot::longestWaitSlaSeconds).baseUnit("seconds").register(registry);
      gauge("crisisline.routing.offers.outstanding", "Offers waiting for an answer", s,
          QueueSnapshot::offersOutstanding).register(registry);
      gauge("crisisline.routing.sla.breaches", "Requests of the pool waiting past their SLA", s,
          QueueSnapshot::slaBreaches).register(registry);
    }
  }

  /** A commit asked for before the interval commit: {@code quiet}, {@code paced} or {@code timer} (EarlyCommit). */
  public void earlyCommit(String reason) {
    Counter.builder("crisisline.routing.early.commits")
        .description("Commits routing asked for before the interval commit, by why: the first record after a quiet spell, "
            + "output once the thread had had as long as its last commit took, a timer's output")
        .tag("reason", reason).register(registry).increment();
  }

  /** Something routing counts without labels, e.g. {@code unroutable.records}, {@code timer.failures}. */
  public void inc(String what, String description) {
    Counter.builder("crisisline.routing." + what).description(description).register(registry).increment();
  }

  /** The count of a labelless counter (tests). */
  public double count(String what) {
    Counter c = registry.find("crisisline.routing." + what).counter();
    return c == null ? 0 : c.count();
  }

  private Gauge.Builder<RoutingMetrics> gauge(String name, String description, QueueSnapshot first,
      ToDoubleFunction<QueueSnapshot> value) {
    String poolId = first.poolId();
    return Gauge.builder(name, this, m -> m.fresh(poolId, value)).description(description)
        .tag("region", first.region()).tag("pool", first.pool());
  }

  private double fresh(String poolId, ToDoubleFunction<QueueSnapshot> value) {
    QueueSnapshot s = latest.get(poolId);
    if (s == null || clock.getAsLong() - s.occurredAt().toEpochMilli() > staleAfter.toMillis()) {
      return Double.NaN;
    }
    return value.applyAsDouble(s);
  }
}

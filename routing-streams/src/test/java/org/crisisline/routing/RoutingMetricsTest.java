package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.crisisline.events.AlertPaged;
import org.crisisline.events.AlertRaised;
import org.crisisline.events.AlertReason;
import org.crisisline.events.AlertStepStarted;
import org.crisisline.events.EscalationStep;
import org.crisisline.events.OfferRescinded;
import org.crisisline.events.QueueSnapshot;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

/** Routing's metrics reach Prometheus under the names the alert rules and the dashboard use. */
class RoutingMetricsTest {
  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  final AtomicLong clock = new AtomicLong(T0.toEpochMilli());
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final RoutingMetrics metrics = new RoutingMetrics(registry, Duration.ofSeconds(60), clock::get);

  @Test
  void alertsRaisedAreCountedByReasonAndPagesWithoutNamingAnyone() {
    metrics.alert(new AlertRaised("e1", T0, "a1", "123456", "q1", "north", Urgency.IMMINENT_RISK,
        AlertReason.NO_COUNSELLOR_AVAILABLE, T0));
    metrics.alert(new AlertStepStarted("e2", T0, "a1", "q1", 1, 1, "supervisors", java.util.List.of("sup-dana")));
    metrics.alert(new AlertPaged("e3", T0, "a1", "p1", "123456", "q1", "north", Urgency.IMMINENT_RISK,
        AlertReason.NO_COUNSELLOR_AVAILABLE, "sup-dana", "supervisors", 1, 1, T0));

    String text = registry.scrape();
    assertThat(text)
        .contains("crisisline_routing_alerts_raised_total{reason=\"NO_COUNSELLOR_AVAILABLE\"} 1.0")
        .contains("crisisline_routing_pages_decided_total 1.0")
        .doesNotContain("sup-dana");
  }

  @Test
  void decisionsAreCountedWithLabelsAndHelp() {
    metrics.status(status(RequestStatus.ESCALATED, StatusKind.ESCALATION, EscalationStep.ROLLED_OVER));
    metrics.status(status(RequestStatus.QUEUED, StatusKind.TRANSITION, null));
    metrics.offer(new OfferRescinded("e", T0, "q1", "o1", "r1", "reason"));
    metrics.accepted(Urgency.HIGH, Duration.ofSeconds(42));

    String text = registry.scrape();
    assertThat(text)
        .contains("# HELP crisisline_routing_status_changes_total ")
        .contains("crisisline_routing_status_changes_total{kind=\"ESCALATION\",status=\"ESCALATED\"} 1.0")
        .contains("crisisline_routing_escalations_total{step=\"ROLLED_OVER\"} 1.0")
        .contains("crisisline_routing_offers_total{event=\"rescinded\"} 1.0")
        .contains("crisisline_routing_time_to_accept_seconds_bucket{urgency=\"HIGH\",le=\"60.0\"} 1")
        .contains("crisisline_routing_time_to_accept_seconds_bucket{urgency=\"HIGH\",le=\"30.0\"} 0")
        .contains("# TYPE crisisline_dead_letters_total counter");
  }

  @Test
  void theStreamsStateAndThePolicyVersionAreGauges() {
    metrics.streamsState(() -> org.apache.kafka.streams.KafkaStreams.State.RUNNING);
    metrics.policy("0123456789ab");
    assertThat(registry.scrape())
        .contains("crisisline_routing_streams_state{state=\"RUNNING\"} 1.0")
        .contains("crisisline_routing_streams_state{state=\"REBALANCING\"} 0.0")
        .contains("# HELP crisisline_routing_policy_info ")
        .contains("crisisline_routing_policy_info{version=\"0123456789ab\"} 1\n");
  }

  @Test
  void poolGaugesFollowTheLatestSnapshotAndGoNaNWhenItIsStale() {
    // Given a snapshot of north/HOTLINE_COUNSELLOR with one IMMINENT_RISK request waiting 90 s
    metrics.snapshot(snapshot(T0, 1, 90));
    String text = registry.scrape();
    assertThat(text)
        .contains("crisisline_routing_waiting_requests{pool=\"HOTLINE_COUNSELLOR\",region=\"north\",urgency=\"IMMINENT_RISK\"} 1.0")
        .contains("crisisline_routing_waiting_requests{pool=\"HOTLINE_COUNSELLOR\",region=\"north\",urgency=\"LOW\"} 0.0")
        .contains("crisisline_routing_longest_wait_seconds{pool=\"HOTLINE_COUNSELLOR\",region=\"north\"} 90.0")
        .contains("crisisline_routing_longest_wait_sla_seconds{pool=\"HOTLINE_COUNSELLOR\",region=\"north\"} 60.0")
        .contains("crisisline_routing_offers_outstanding{pool=\"HOTLINE_COUNSELLOR\",region=\"north\"} 2.0")
        .contains("crisisline_routing_sla_breaches{pool=\"HOTLINE_COUNSELLOR\",region=\"north\"} 1.0");
    // When a newer snapshot comes, Then the gauges follow it
    metrics.snapshot(snapshot(T0.plusSeconds(15), 0, 0));
    assertThat(waiting()).isZero();
    // When no snapshot comes for longer than the stale limit (the pool moved away), Then NaN
    clock.set(T0.plusSeconds(80).toEpochMilli());
    assertThat(waiting()).isNaN();
  }

  private double waiting() {
    Gauge g = registry.find("crisisline.routing.waiting.requests").tags("urgency", "IMMINENT_RISK").gauge();
    return g.value();
  }

  private static QueueSnapshot snapshot(Instant at, int imminent, long longest) {
    return new QueueSnapshot("e", at, "north/HOTLINE_COUNSELLOR", "north", "HOTLINE_COUNSELLOR",
        Map.of(Urgency.IMMINENT_RISK, imminent), longest, Urgency.IMMINENT_RISK, 60, Map.of(), Map.of(), 2, imminent);
  }

  private static RequestStatusChanged status(RequestStatus s, StatusKind kind, EscalationStep step) {
    return new RequestStatusChanged("e", T0, "q1", s, "r", null, null, null, "north", Urgency.HIGH, null, kind, step,
        "abc");
  }
}

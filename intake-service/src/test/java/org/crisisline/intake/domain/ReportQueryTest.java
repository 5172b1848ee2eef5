package org.crisisline.intake.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.crisisline.records.domain.Interval;
import org.junit.jupiter.api.Test;

class ReportQueryTest {
  private static final Instant NOW = Instant.parse("2026-11-27T18:30:00Z");

  private static ReportQuery parse(Map<String, String> params) {
    return ReportQuery.parse(params::get, NOW, Duration.ofDays(400), r -> r.equals("north"),
        Set.of("HOTLINE_COUNSELLOR", "PEER_SPECIALIST"));
  }

  private static void refused(Map<String, String> params, String field) {
    assertThatThrownBy(() -> parse(params)).isInstanceOfSatisfying(InvalidInput.class,
        e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly(field));
  }

  @Test
  void theDefaultIsTheLastSevenDaysByDay() {
    ReportQuery q = parse(Map.of());
    assertThat(q.to()).isEqualTo(NOW);
    assertThat(q.from()).isEqualTo(NOW.minus(Duration.ofDays(7)));
    assertThat(q.interval()).isEqualTo(Interval.DAY);
    assertThat(q.region()).isNull();
  }

  @Test
  void datesCoverWholeDays() {
    ReportQuery q = parse(Map.of("from", "2026-11-20", "to", "2026-11-26", "interval", "hour", "region", "north",
        "byRegion", "true"));
    assertThat(q.from()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
    assertThat(q.to()).isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
    assertThat(q.interval()).isEqualTo(Interval.HOUR);
    assertThat(q.byRegion()).isTrue();
  }

  @Test
  void badParametersAreRefusedNamingTheField() {
    refused(Map.of("from", "2026-11-26", "to", "2026-11-20"), "to");
    refused(Map.of("from", "2024-01-01", "to", "2026-11-20"), "from");
    refused(Map.of("interval", "week"), "interval");
    refused(Map.of("region", "atlantis"), "region");
    refused(Map.of("pool", "ROBOTS"), "pool");
    refused(Map.of("from", "last tuesday"), "from");
    refused(Map.of("from", "2026-01-01", "to", "2026-11-20", "interval", "hour"), "interval");
  }
}

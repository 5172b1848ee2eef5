package org.crisisline.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

class FollowUpPlanTest {
  static final Instant END = Instant.parse("2026-11-20T10:00:00Z");

  @Test
  void delaysReadInEveryUnit() {
    assertThat(FollowUpPlan.parseDelays("30s, 15m,24h,7d")).containsExactly(Duration.ofSeconds(30),
        Duration.ofMinutes(15), Duration.ofHours(24), Duration.ofDays(7));
    assertThat(FollowUpPlan.parseDelays("")).isEmpty();
  }

  @Test
  void malformedDelaysAreNamed() {
    assertThat(FollowUpPlan.problem("24h,3w")).hasValueSatisfying(p -> assertThat(p).contains("3w"));
    assertThat(FollowUpPlan.problem("h")).isPresent();
    assertThat(FollowUpPlan.problem("0h")).hasValueSatisfying(p -> assertThat(p).contains("positive"));
    assertThat(FollowUpPlan.problem("-2d")).isPresent();
    assertThat(FollowUpPlan.problem("24")).isPresent();
    assertThat(FollowUpPlan.problem("24h,72h,7d")).isEmpty();
    assertThatThrownBy(() -> FollowUpPlan.parseDelay("x4h")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPlanIsDueAfterTheEndInOrder() {
    FollowUpPlan plan = new FollowUpPlan(Map.of(Urgency.HIGH, FollowUpPlan.parseDelays("7d,24h,72h")));
    assertThat(plan.dueTimes(Urgency.HIGH, END)).containsExactly(END.plus(Duration.ofHours(24)),
        END.plus(Duration.ofHours(72)), END.plus(Duration.ofDays(7)));
  }

  @Test
  void anUrgencyWithoutAPlanGetsNoFollowUp() {
    FollowUpPlan plan = new FollowUpPlan(Map.of(Urgency.HIGH, List.of(Duration.ofHours(1)),
        Urgency.LOW, List.of()));
    assertThat(plan.dueTimes(Urgency.LOW, END)).isEmpty();
    assertThat(plan.dueTimes(Urgency.MODERATE, END)).isEmpty();
  }
}

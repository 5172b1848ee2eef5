package org.crisisline.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

class WaitingOrderTest {
  static final long MINUTE = 60_000;
  final WaitingOrder order = new WaitingOrder(Map.of(Urgency.HIGH, Duration.ZERO,
      Urgency.MODERATE, Duration.ofMinutes(5), Urgency.LOW, Duration.ofMinutes(15)),
      new ImminentRiskPolicy("HOTLINE_COUNSELLOR"));

  @Test
  void higherUrgencyGoesFirstWithinTheAgingAllowance() {
    // A MODERATE request logged 1 minute before a HIGH one still sorts after it (allowance 5 min)
    assertThat(order.key(Urgency.HIGH, MINUTE)).isLessThan(order.key(Urgency.MODERATE, 0));
  }

  @Test
  void lowUrgencyLoggedLongerAgoThanItsAllowanceGoesAheadOfHigh() {
    // A LOW request logged 16 minutes before a HIGH one sorts first (allowance 15 min), so LOW never starves
    assertThat(order.key(Urgency.LOW, 0)).isLessThan(order.key(Urgency.HIGH, 16 * MINUTE));
    assertThat(order.key(Urgency.LOW, 0)).isGreaterThan(order.key(Urgency.HIGH, 14 * MINUTE));
  }

  @Test
  void withinOneUrgencyTheLongestWaitingGoesFirst() {
    assertThat(order.key(Urgency.HIGH, 0)).isLessThan(order.key(Urgency.HIGH, 1));
  }

  @Test
  void anUrgencyWithoutAnAllowanceIsNotAged() {
    WaitingOrder none = new WaitingOrder(Map.of(), new ImminentRiskPolicy("HOTLINE_COUNSELLOR"));
    assertThat(none.key(Urgency.LOW, 42)).isEqualTo(42);
  }
}

package org.crisisline.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CssrsTriageTest {
  private static RiskScreen screen(boolean q1, boolean q2, boolean q3, boolean q4, boolean q5, boolean q6, boolean q6recent) {
    return new RiskScreen(q1, q2, q3, q4, q5, q6, q6recent);
  }

  @Test
  void everyAnswerNoIsLow() {
    assertThat(CssrsTriage.level(screen(false, false, false, false, false, false, false))).isEqualTo(RiskLevel.LOW);
  }

  @Test
  void wishToBeDeadOrThoughtsAloneAreLow() {
    assertThat(CssrsTriage.level(screen(true, false, false, false, false, false, false))).isEqualTo(RiskLevel.LOW);
    assertThat(CssrsTriage.level(screen(true, true, false, false, false, false, false))).isEqualTo(RiskLevel.LOW);
  }

  @Test
  void thoughtsWithAMethodAreModerate() {
    assertThat(CssrsTriage.level(screen(true, true, true, false, false, false, false))).isEqualTo(RiskLevel.MODERATE);
  }

  @Test
  void behaviourMoreThanThreeMonthsAgoIsModerate() {
    assertThat(CssrsTriage.level(screen(false, false, false, false, false, true, false))).isEqualTo(RiskLevel.MODERATE);
  }

  @Test
  void intentOrIntentWithAPlanIsHigh() {
    assertThat(CssrsTriage.level(screen(true, true, true, true, false, false, false))).isEqualTo(RiskLevel.HIGH);
    assertThat(CssrsTriage.level(screen(true, true, false, false, true, false, false))).isEqualTo(RiskLevel.HIGH);
  }

  @Test
  void behaviourWithinThreeMonthsIsHighEvenWithNoIdeationToday() {
    assertThat(CssrsTriage.level(screen(false, false, false, false, false, true, true))).isEqualTo(RiskLevel.HIGH);
  }

  @Test
  void withinThreeMonthsWithoutBehaviourCountsForNothing() {
    assertThat(CssrsTriage.level(screen(false, false, false, false, false, false, true))).isEqualTo(RiskLevel.LOW);
  }

  @Test
  void theCompletionCarriesTheRulesLevelNotTheSenders() {
    RequestCompleted c = new RequestCompleted("e", java.time.Instant.EPOCH, "r", "a", Disposition.OTHER, null,
        screen(false, false, false, true, false, false, false), RiskLevel.LOW, null, null);
    assertThat(c.riskLevel()).isEqualTo(RiskLevel.HIGH);
  }
}

package org.crisisline.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.crisisline.events.EscalationStep;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;
import org.crisisline.routing.rules.EscalationLadder.Decision;
import org.crisisline.routing.rules.EscalationLadder.Rung;
import org.crisisline.routing.rules.EscalationLadder.Situation;
import org.junit.jupiter.api.Test;

class EscalationLadderTest {
  final EscalationLadder ladder = new EscalationLadder(new ImminentRiskPolicy("HOTLINE_COUNSELLOR"));

  @Test
  void theFirstBreachRelaxesASpecialtyPreferenceBeforeAnythingElse() {
    Situation s = new Situation(1, Urgency.HIGH, true, false, false, Optional.of("south"), Optional.empty());
    assertThat(ladder.at(s)).containsInstanceOf(Decision.RelaxSpecialty.class);
    assertThat(ladder.at(s).orElseThrow().step()).isEqualTo(EscalationStep.SPECIALTY_RELAXED);
  }

  @Test
  void aBreachWithNoSpecialtyToRelaxRollsOverToTheBackupRegionOnce() {
    Situation s = new Situation(1, Urgency.HIGH, false, false, false, Optional.of("south"), Optional.empty());
    assertThat(ladder.at(s)).contains(new Decision.RollOver("south"));
    Situation again = new Situation(2, Urgency.HIGH, false, true, false, Optional.of("south"), Optional.empty());
    assertThat(ladder.at(again)).isEmpty();
  }

  @Test
  void imminentRiskAlertsTheSupervisorOnceRolloverIsDoneAndMovesToTheEmergencyPool() {
    Situation s = new Situation(2, Urgency.IMMINENT_RISK, false, true, false, Optional.of("south"),
        Optional.of("emergency"));
    Decision d = ladder.at(s).orElseThrow();
    assertThat(d).isEqualTo(new Decision.AlertSupervisor(Optional.of("emergency")));
    assertThat(d.kind()).isEqualTo(StatusKind.ALERT);
    assertThat(d.step()).isEqualTo(EscalationStep.MOVED_TO_POOL);
    Situation alerted = new Situation(3, Urgency.IMMINENT_RISK, false, true, true, Optional.of("south"),
        Optional.of("emergency"));
    assertThat(ladder.at(alerted)).isEmpty();
  }

  @Test
  void withoutAnEmergencyPoolTheAlertIsTheWholeStep() {
    Situation s = new Situation(1, Urgency.IMMINENT_RISK, false, false, false, Optional.empty(), Optional.empty());
    assertThat(ladder.at(s).orElseThrow().step()).isEqualTo(EscalationStep.SUPERVISOR_ALERT);
  }

  @Test
  void aFirstBreachWithNoStepLeftIsStillRecordedAndLaterOnesChangeNothing() {
    Situation first = new Situation(1, Urgency.LOW, false, false, false, Optional.empty(), Optional.empty());
    assertThat(ladder.at(first)).contains(new Decision.BreachOnly());
    assertThat(ladder.at(first).orElseThrow().kind()).isEqualTo(StatusKind.ESCALATION);
    Situation second = new Situation(2, Urgency.LOW, false, false, false, Optional.empty(), Optional.empty());
    assertThat(ladder.at(second)).isEmpty();
  }

  @Test
  void movingTheAlertUpTheLadderPagesTheSupervisorOneStepEarlier() {
    EscalationLadder alertFirst = new EscalationLadder(new ImminentRiskPolicy("HOTLINE_COUNSELLOR"),
        List.of(Rung.RELAX_SPECIALTY, Rung.ALERT_SUPERVISOR, Rung.ROLL_OVER));
    Situation s = new Situation(1, Urgency.IMMINENT_RISK, false, false, false, Optional.of("south"), Optional.empty());
    assertThat(ladder.at(s)).contains(new Decision.RollOver("south"));
    assertThat(alertFirst.at(s)).containsInstanceOf(Decision.AlertSupervisor.class);
  }

  @Test
  void breachKComesAtKTimesTheSlaAndThreeBreachesAreActedOn() {
    assertThat(EscalationLadder.breachAt(1_000, Duration.ofSeconds(60), 2)).isEqualTo(121_000);
    assertThat(EscalationLadder.hasBreachAfter(2)).isTrue();
    assertThat(EscalationLadder.hasBreachAfter(3)).isFalse();
  }
}

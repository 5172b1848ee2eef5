package org.crisisline.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crisisline.events.EscalationStep;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

class ImminentRiskPolicyTest {
  final ImminentRiskPolicy policy = new ImminentRiskPolicy("HOTLINE_COUNSELLOR");

  @Test
  void imminentRiskIsServedByTheImminentPoolWhateverTheStatedNeed() {
    assertThat(policy.poolFor(Urgency.IMMINENT_RISK, "PEER_SPECIALIST")).isEqualTo("HOTLINE_COUNSELLOR");
    assertThat(policy.poolFor(Urgency.HIGH, "PEER_SPECIALIST")).isEqualTo("PEER_SPECIALIST");
  }

  @Test
  void imminentRiskIsOfferedBeforeOlderHighUrgency() {
    WaitingOrder order = new WaitingOrder(Map.of(Urgency.LOW, Duration.ofMinutes(15)), policy);
    long dayEarlier = -Duration.ofDays(1).toMillis();
    assertThat(order.key(Urgency.IMMINENT_RISK, 0)).isLessThan(order.key(Urgency.HIGH, dayEarlier));
    assertThat(order.key(Urgency.IMMINENT_RISK, 0)).isLessThan(order.key(Urgency.LOW, dayEarlier));
  }

  @Test
  void imminentRiskNeverWaitsForASpecialist() {
    SpecialtyRelaxation relaxation = new SpecialtyRelaxation(List.of("VETERANS"), Duration.ofMinutes(2), policy);
    assertThat(relaxation.required(Urgency.IMMINENT_RISK, List.of("VETERANS"), false)).isEmpty();
    assertThat(relaxation.required(Urgency.HIGH, List.of("VETERANS"), false)).containsExactly("VETERANS");
  }

  @Test
  void onlyImminentRiskAlertsTheSupervisor() {
    EscalationLadder ladder = new EscalationLadder(policy);
    EscalationLadder.Situation imminent = new EscalationLadder.Situation(2, Urgency.IMMINENT_RISK, false, true,
        false, Optional.empty(), Optional.empty());
    assertThat(ladder.at(imminent)).map(EscalationLadder.Decision::step).contains(EscalationStep.SUPERVISOR_ALERT);
    assertThat(ladder.at(new EscalationLadder.Situation(2, Urgency.HIGH, false, true, false, Optional.empty(),
        Optional.empty()))).isEmpty();
  }
}

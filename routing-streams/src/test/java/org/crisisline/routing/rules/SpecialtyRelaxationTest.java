package org.crisisline.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

class SpecialtyRelaxationTest {
  final SpecialtyRelaxation relaxation = new SpecialtyRelaxation(List.of("VETERANS", "youth"),
      Duration.ofSeconds(120), new ImminentRiskPolicy("HOTLINE_COUNSELLOR"));

  @Test
  void knownSpecialtiesAreRequiredUntilRelaxed() {
    assertThat(relaxation.required(Urgency.HIGH, List.of("veterans", "YOUTH"), false))
        .containsExactly("VETERANS", "YOUTH");
    assertThat(relaxation.required(Urgency.HIGH, List.of("VETERANS"), true)).isEmpty();
  }

  @Test
  void unknownSpecialtiesAreIgnoredRatherThanBlockTheRequest() {
    assertThat(relaxation.required(Urgency.LOW, List.of("ASTRONAUTS", "VETERANS", "VETERANS"), false))
        .containsExactly("VETERANS");
  }

  @Test
  void thePreferenceIsHonouredForTheConfiguredWait() {
    assertThat(relaxation.after()).isEqualTo(Duration.ofSeconds(120));
    assertThat(relaxation.relaxAt(1_000)).isEqualTo(121_000);
  }

  @Test
  void imminentRiskIsNeverHeldForASpecialist() {
    assertThat(relaxation.required(Urgency.IMMINENT_RISK, List.of("VETERANS"), false)).isEmpty();
  }
}

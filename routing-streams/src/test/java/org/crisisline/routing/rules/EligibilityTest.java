package org.crisisline.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.crisisline.events.ResponderStatus;
import org.junit.jupiter.api.Test;

class EligibilityTest {

  @Test
  void languagesMatchIgnoringCaseAndSpaces() {
    assertThat(Eligibility.speaks(List.of("en", " ES "), "es")).isTrue();
    assertThat(Eligibility.speaks(List.of("en"), "fr")).isFalse();
    assertThat(Eligibility.speaks(List.of("en"), null)).isFalse();
  }

  @Test
  void aResponderWithOneOfTheRequiredSpecialtiesQualifies() {
    assertThat(Eligibility.hasSpecialty(List.of("VETERANS"), List.of("YOUTH", "VETERANS"))).isTrue();
    assertThat(Eligibility.hasSpecialty(List.of("FAITH"), List.of("VETERANS"))).isFalse();
  }

  @Test
  void noRequiredSpecialtyMeansAnyResponderQualifies() {
    assertThat(Eligibility.hasSpecialty(List.of(), List.of())).isTrue();
  }

  @Test
  void aResponderAtCapacityCannotTakeAnotherOffer() {
    assertThat(Eligibility.canTakeOffer(true, ResponderStatus.AVAILABLE, 1, 2)).isTrue();
    assertThat(Eligibility.canTakeOffer(true, ResponderStatus.AVAILABLE, 2, 2)).isFalse();
  }

  @Test
  void onlyAnAvailableResponderWithAnActiveProfileCanTakeAnOffer() {
    assertThat(Eligibility.canTakeOffer(true, ResponderStatus.BUSY, 0, 1)).isFalse();
    assertThat(Eligibility.canTakeOffer(true, ResponderStatus.AWAY, 0, 1)).isFalse();
    assertThat(Eligibility.canTakeOffer(false, ResponderStatus.AVAILABLE, 0, 1)).isFalse();
  }

  @Test
  void aResponderOfAnotherPoolOrWhoRefusedTheRequestIsNotEligible() {
    assertThat(Eligibility.eligible(true, "HOTLINE_COUNSELLOR", List.of("en"), List.of(), false,
        "HOTLINE_COUNSELLOR", "en", List.of())).isTrue();
    assertThat(Eligibility.eligible(true, "PEER_SPECIALIST", List.of("en"), List.of(), false,
        "HOTLINE_COUNSELLOR", "en", List.of())).isFalse();
    assertThat(Eligibility.eligible(true, "HOTLINE_COUNSELLOR", List.of("en"), List.of(), true,
        "HOTLINE_COUNSELLOR", "en", List.of())).isFalse();
  }
}

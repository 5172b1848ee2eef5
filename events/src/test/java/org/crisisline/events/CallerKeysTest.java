package org.crisisline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallerKeysTest {
  @Test
  void theSameNumberUnderTheSameKeyIsTheSameCaller() {
    CallerKeys keys = CallerKeys.fromBase64(CallerKeys.generate());
    assertThat(keys.of("+15035550100")).isEqualTo(keys.of("+15035550100")).isNotEqualTo(keys.of("+15035550101"));
  }

  @Test
  void anotherKeyGivesAnotherHashAndTheHashHoldsNoDigitsOfTheNumber() {
    String a = CallerKeys.fromBase64(CallerKeys.generate()).of("+15035550100");
    String b = CallerKeys.fromBase64(CallerKeys.generate()).of("+15035550100");
    assertThat(a).isNotEqualTo(b).doesNotContain("5035550100").hasSize(43);
  }

  @Test
  void aShortOrMalformedKeyIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> CallerKeys.fromBase64("c2hvcnQ=")).hasMessageNotContaining("c2hvcnQ");
    assertThatThrownBy(() -> CallerKeys.fromBase64("not base64!")).hasMessageNotContaining("not base64!");
  }

  @Test
  void onlyNormalisedNumbersAreHashed() {
    CallerKeys keys = CallerKeys.fromBase64(CallerKeys.generate());
    assertThatThrownBy(() -> keys.of("503 555 0100")).hasMessageNotContaining("503");
    assertThat(keys.of(null)).isNull();
  }
}

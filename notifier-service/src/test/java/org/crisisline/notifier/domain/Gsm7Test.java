package org.crisisline.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Gsm7Test {
  @Test
  void countsExtensionCharactersTwiceAndRejectsOthers() {
    assertThat(Gsm7.septets("Reply YES ABC")).isEqualTo(13);
    assertThat(Gsm7.septets("[x]")).isEqualTo(5);
    assertThat(Gsm7.septets("café ✓")).isEqualTo(-1);
  }

  @Test
  void sanitizingKeepsTheMessageInTheGsm7Alphabet() {
    String clean = Gsm7.sanitize("São Paulo — “quoted” ✓");
    assertThat(Gsm7.isGsm7(clean)).isTrue();
    assertThat(clean).startsWith("Sao Paulo - \"quoted\"");
  }
}

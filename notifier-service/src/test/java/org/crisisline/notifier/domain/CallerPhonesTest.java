package org.crisisline.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A sender's number in the E.164 form intake hashed, or nothing. */
class CallerPhonesTest {
  @Test
  void spacingAndPunctuationAreDroppedAndAnythingElseIsNoNumber() {
    assertThat(CallerPhones.e164("+15035550161")).isEqualTo("+15035550161");
    assertThat(CallerPhones.e164("+1 (503) 555-0161")).isEqualTo("+15035550161");
    assertThat(CallerPhones.e164("+34.612.345.678")).isEqualTo("+34612345678");
    assertThat(CallerPhones.e164("5035550161")).isNull();
    assertThat(CallerPhones.e164("+0123456789")).isNull();
    assertThat(CallerPhones.e164("short-code 12345")).isNull();
    assertThat(CallerPhones.e164(null)).isNull();
  }
}

package org.crisisline.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The carriers' opt-out words, whatever their case and spacing; nothing longer. */
class OptOutWordsTest {
  @ParameterizedTest
  @ValueSource(strings = {"STOP", "stop", " Stop ", "STOP.", "stop!", "STOPALL", "stop all", "UNSUBSCRIBE",
      "unsubscribe", "CANCEL", "cancel", "END", "end", "QUIT", "Quit", "OPTOUT", "opt out", "Opt-Out",
      "REVOKE", "revoke\n"})
  void theseWithdrawConsent(String body) {
    assertThat(OptOutWords.isOptOut(body)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "YES K7Q2", "NO K7Q2", "ACK 4821", "stop calling my friend", "STOPP", "please stop",
      "STOP STOP", "START", "HELP", "unstop"})
  void theseDoNot(String body) {
    assertThat(OptOutWords.isOptOut(body)).isFalse();
  }

  @Test
  void noBodyIsNoOptOut() {
    assertThat(OptOutWords.isOptOut(null)).isFalse();
  }
}

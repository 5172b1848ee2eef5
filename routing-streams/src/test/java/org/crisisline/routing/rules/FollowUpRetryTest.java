package org.crisisline.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.crisisline.events.FollowUpOutcome;
import org.junit.jupiter.api.Test;

class FollowUpRetryTest {
  static final Instant END = Instant.parse("2026-11-21T10:00:00Z");
  final FollowUpRetry retry = new FollowUpRetry(3, Duration.ofHours(4));

  @Test
  void aCallerNotReachedIsTriedAgainAfterTheRetryDelay() {
    assertThat(retry.nextAttemptAt(FollowUpOutcome.NO_ANSWER, 1, END)).contains(END.plus(Duration.ofHours(4)));
    assertThat(retry.nextAttemptAt(FollowUpOutcome.LEFT_MESSAGE, 2, END)).contains(END.plus(Duration.ofHours(4)));
  }

  @Test
  void triesStopAtTheAttemptLimit() {
    assertThat(retry.nextAttemptAt(FollowUpOutcome.NO_ANSWER, 3, END)).isEmpty();
    assertThat(new FollowUpRetry(1, Duration.ofHours(4)).nextAttemptAt(FollowUpOutcome.NO_ANSWER, 1, END)).isEmpty();
  }

  @Test
  void aCallerReachedOrWhoDeclinedIsNotTriedAgain() {
    assertThat(retry.nextAttemptAt(FollowUpOutcome.REACHED, 1, END)).isEmpty();
    assertThat(retry.nextAttemptAt(FollowUpOutcome.DECLINED, 1, END)).isEmpty();
  }

  @Test
  void aFollowUpThatExpiredWithNoOutcomeIsTriedAgainUpToTheLimit() {
    assertThat(retry.nextAttemptAfterExpiry(1, END)).contains(END.plus(Duration.ofHours(4)));
    assertThat(retry.nextAttemptAfterExpiry(2, END)).contains(END.plus(Duration.ofHours(4)));
    assertThat(retry.nextAttemptAfterExpiry(3, END)).isEmpty();
  }

  @Test
  void atLeastOneAttempt() {
    assertThatThrownBy(() -> new FollowUpRetry(0, Duration.ofHours(4))).isInstanceOf(IllegalArgumentException.class);
  }
}

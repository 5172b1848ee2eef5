package org.crisisline.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.crisisline.routing.rules.FollowUpRetry.Result;
import org.junit.jupiter.api.Test;

class FollowUpRetryTest {
  static final Instant END = Instant.parse("2026-11-21T10:00:00Z");
  final FollowUpRetry retry = new FollowUpRetry(3, Duration.ofHours(4));

  @Test
  void aCallerNotReachedIsTriedAgainAfterTheRetryDelay() {
    assertThat(retry.nextAttemptAt(Result.NO_ANSWER, 1, END)).contains(END.plus(Duration.ofHours(4)));
    assertThat(retry.nextAttemptAt(Result.LEFT_MESSAGE, 2, END)).contains(END.plus(Duration.ofHours(4)));
  }

  @Test
  void triesStopAtTheAttemptLimit() {
    assertThat(retry.nextAttemptAt(Result.NO_ANSWER, 3, END)).isEmpty();
    assertThat(new FollowUpRetry(1, Duration.ofHours(4)).nextAttemptAt(Result.NO_ANSWER, 1, END)).isEmpty();
  }

  @Test
  void aCallerReachedOrWhoDeclinedIsNotTriedAgain() {
    assertThat(retry.nextAttemptAt(Result.REACHED, 1, END)).isEmpty();
    assertThat(retry.nextAttemptAt(Result.DECLINED, 1, END)).isEmpty();
  }

  @Test
  void atLeastOneAttempt() {
    assertThatThrownBy(() -> new FollowUpRetry(0, Duration.ofHours(4))).isInstanceOf(IllegalArgumentException.class);
  }
}

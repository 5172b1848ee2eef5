package org.crisisline.notifier.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LedgerWaitTest {

  @Test
  void aLedgerSlowerThanOneStepIsWaitedForNotGivenUpOn() {
    // Given a ledger that catches up only after three steps of the wait
    CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    CompletableFuture.delayedExecutor(350, TimeUnit.MILLISECONDS).execute(() -> caughtUp.complete(null));
    long began = System.nanoTime();
    // When the consumer waits for it, Then it returns once the ledger is there
    LedgerWait.until(() -> caughtUp, () -> true, 100);
    assertThat(caughtUp).isDone();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began)).isGreaterThanOrEqualTo(300);
  }

  @Test
  void aConsumerBeingClosedStopsWaiting() {
    CompletableFuture<Void> never = new CompletableFuture<>();
    assertThatThrownBy(() -> LedgerWait.until(() -> never, () -> false, 50))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped");
  }

  @Test
  void aFailedLedgerIsAnErrorNotAWait() {
    assertThatThrownBy(() -> LedgerWait.until(() -> CompletableFuture.failedFuture(new RuntimeException("x")), () -> true, 50))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("failed");
  }
}

package org.crisisline.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitsTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void aRecipientGetsItsBurstThenFurtherOffersAreRefusedWhenNoTokenComesInTime() throws Exception {
    // Given 3 offers a minute per recipient
    RateLimits limits = new RateLimits(3, 1000, scheduler);
    // When 10 offers for one recipient ask with a short wait
    int granted = 0;
    for (int i = 0; i < 10; i++) {
      if (limits.recipient("r-1", Duration.ofMillis(100)).get()) {
        granted++;
      }
    }
    // Then only the burst went through, and another recipient is not affected
    assertThat(granted).isEqualTo(3);
    assertThat(limits.recipient("r-2", Duration.ofMillis(100)).get()).isTrue();
  }

  @Test
  void anOfferOverTheLimitWaitsInLineWhenItsTokenComesBeforeItsDeadline() throws Exception {
    // Given 60 a minute (one a second) and the burst used up
    RateLimits limits = new RateLimits(60, 1000, scheduler);
    for (int i = 0; i < 60; i++) {
      assertThat(limits.recipient("r-1", Duration.ZERO).get()).isTrue();
    }
    // When one more may wait up to 5 s
    long start = System.nanoTime();
    boolean granted = limits.recipient("r-1", Duration.ofSeconds(5)).get();
    // Then it is granted after about a second
    assertThat(granted).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(500));
  }

  @Test
  void anOfferWaitsForATokenAtMostHalfTheTimeItHasLeft() {
    var now = java.time.Instant.parse("2026-03-01T10:00:00Z");
    assertThat(RateLimits.maxWait(now, now.plusSeconds(60))).isEqualTo(Duration.ofSeconds(30));
    assertThat(RateLimits.maxWait(now, now.minusSeconds(1))).isEqualTo(Duration.ZERO);
  }
}

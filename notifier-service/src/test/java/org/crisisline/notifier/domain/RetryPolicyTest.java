package org.crisisline.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant DEADLINE = NOW.plusSeconds(600);
  private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(10));

  @Test
  void serverErrorsAndConnectionFailuresAreRetriedWithGrowingJitteredDelays() {
    // Given a 503 from the provider
    ProviderResult busy = ProviderResult.fromHttpStatus(503, null, NOW);
    // When the delays of successive attempts are asked for
    long first = policy.nextDelay(1, busy, NOW, DEADLINE).orElseThrow().toMillis();
    long third = policy.nextDelay(3, busy, NOW, DEADLINE).orElseThrow().toMillis();
    // Then they grow exponentially, within the jitter band (factor 0.5)
    assertThat(first).isBetween(100L, 300L);
    assertThat(third).isBetween(400L, 1200L);
    assertThat(policy.nextDelay(1, ProviderResult.transientFailure("refused", null), NOW, DEADLINE)).isPresent();
  }

  @Test
  void tooManyRequestsWaitsAtLeastRetryAfterInSecondsOrAsADate() {
    ProviderResult seconds = ProviderResult.fromHttpStatus(429, "7", NOW);
    assertThat(policy.nextDelay(1, seconds, NOW, DEADLINE)).contains(Duration.ofSeconds(7));
    ProviderResult date = ProviderResult.fromHttpStatus(429, "Sun, 01 Mar 2026 10:00:30 GMT", NOW);
    assertThat(policy.nextDelay(1, date, NOW, DEADLINE)).contains(Duration.ofSeconds(30));
  }

  @Test
  void permanentFailuresAndAmbiguousTimeoutsAreNeverRetried() {
    assertThat(ProviderResult.fromHttpStatus(400, null, NOW).kind()).isEqualTo(ProviderResult.Kind.PERMANENT);
    assertThat(ProviderResult.fromHttpStatus(404, null, NOW).kind()).isEqualTo(ProviderResult.Kind.PERMANENT);
    assertThat(policy.nextDelay(1, ProviderResult.fromHttpStatus(400, null, NOW), NOW, DEADLINE)).isEmpty();
    assertThat(policy.nextDelay(1, ProviderResult.ambiguous("timeout"), NOW, DEADLINE)).isEmpty();
    assertThat(ProviderResult.fromSmtpReply(550).kind()).isEqualTo(ProviderResult.Kind.PERMANENT);
    assertThat(ProviderResult.fromSmtpReply(421).kind()).isEqualTo(ProviderResult.Kind.TRANSIENT);
  }

  @Test
  void noAttemptAfterTheLastOneOrPastTheOffersExpiry() {
    ProviderResult busy = ProviderResult.fromHttpStatus(500, null, NOW);
    assertThat(policy.nextDelay(5, busy, NOW, DEADLINE)).isEmpty();
    assertThat(policy.nextDelay(1, busy, NOW, NOW.plusMillis(50))).isEmpty();
    assertThat(policy.nextDelay(1, ProviderResult.fromHttpStatus(429, "120", NOW), NOW, NOW.plusSeconds(60))).isEmpty();
  }
}

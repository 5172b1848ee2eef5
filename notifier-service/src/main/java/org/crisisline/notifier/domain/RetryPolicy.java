package org.crisisline.notifier.domain;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When to try a channel again: exponential backoff with jitter (resilience4j's
 * {@link IntervalFunction}), at least the provider's Retry-After, never more than
 * {@code maxAttempts} attempts and never at or after the offer's expiry (a page that arrives
 * after the offer expired only misleads).
 */
public final class RetryPolicy {
  private final int maxAttempts;
  private final IntervalFunction backoff;

  public RetryPolicy(int maxAttempts, Duration initial, Duration max) {
    this.maxAttempts = maxAttempts;
    this.backoff = IntervalFunction.ofExponentialRandomBackoff(initial, 2.0, 0.5, max);
  }

  /**
   * The delay before attempt {@code attemptsSoFar + 1}, or empty when the result is not
   * retryable, the attempts are used up, or the next attempt would land past {@code deadline}.
   */
  public Optional<Duration> nextDelay(int attemptsSoFar, ProviderResult result, Instant now, Instant deadline) {
    if (result.kind() != ProviderResult.Kind.TRANSIENT || attemptsSoFar >= maxAttempts) {
      return Optional.empty();
    }
    Duration delay = Duration.ofMillis(backoff.apply(Math.max(1, attemptsSoFar)));
    if (result.retryAfter() != null && result.retryAfter().compareTo(delay) > 0) {
      delay = result.retryAfter();
    }
    if (deadline != null && !now.plus(delay).isBefore(deadline)) {
      return Optional.empty();
    }
    return Optional.of(delay);
  }
}

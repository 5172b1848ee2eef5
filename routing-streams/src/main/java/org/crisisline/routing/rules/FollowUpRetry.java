package org.crisisline.routing.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.crisisline.events.FollowUpOutcome;

/**
 * Whether a follow-up is tried again after its outcome: a caller not reached ({@code NO_ANSWER},
 * {@code LEFT_MESSAGE}) is tried again {@code followup.retry} later, until {@code followup.attempts}
 * attempts of that follow-up were made; a caller reached, or who declined, is not. A follow-up that
 * ended without any outcome (no peer specialist took it in its lifetime, or the one who took it never
 * recorded how it went) reached nobody either, so it is tried again on the same terms.
 */
public final class FollowUpRetry {
  private final int attempts;
  private final Duration retry;

  public FollowUpRetry(int attempts, Duration retry) {
    if (attempts < 1) {
      throw new IllegalArgumentException("followup.attempts must be at least 1");
    }
    this.attempts = attempts;
    this.retry = retry;
  }

  /** When attempt {@code attemptMade + 1} is due after attempt {@code attemptMade} (from 1) ended with {@code result}. */
  public Optional<Instant> nextAttemptAt(FollowUpOutcome result, int attemptMade, Instant endedAt) {
    boolean notReached = result == FollowUpOutcome.NO_ANSWER || result == FollowUpOutcome.LEFT_MESSAGE;
    return notReached && attemptMade < attempts ? Optional.of(endedAt.plus(retry)) : Optional.empty();
  }

  /** When attempt {@code attemptMade + 1} is due after attempt {@code attemptMade} expired with no outcome. */
  public Optional<Instant> nextAttemptAfterExpiry(int attemptMade, Instant expiredAt) {
    return attemptMade < attempts ? Optional.of(expiredAt.plus(retry)) : Optional.empty();
  }

  public int attempts() {
    return attempts;
  }

  public Duration retry() {
    return retry;
  }
}

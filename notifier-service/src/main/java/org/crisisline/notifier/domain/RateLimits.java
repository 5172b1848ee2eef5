package org.crisisline.notifier.domain;

import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Token buckets (bucket4j) so a flood of offers cannot storm one phone or the providers.
 * Per recipient: one token per offer (all its channels), {@code perRecipientPerMinute} a minute,
 * with that many as burst. Global: one token per message, {@code globalPerSecond} a second.
 *
 * <p>Over the limit, a send waits in line (bucket4j reserves tokens first come first served) as
 * long as its token comes within half the time the offer has left ({@link #maxWait}): a page
 * that lands with seconds to spare only misleads. If the token would come later the
 * reservation is refused at once, nothing is sent, and the caller reports the channels FAILED
 * ("rate limited", not permanent, allChannelsFailed) so routing re-offers to someone else at
 * once instead of waiting for the offer to time out.
 */
public final class RateLimits {
  private final int perRecipientPerMinute;
  private final Bucket global;
  private final Map<String, Bucket> recipients = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;

  public RateLimits(int perRecipientPerMinute, int globalPerSecond, ScheduledExecutorService scheduler) {
    this.perRecipientPerMinute = perRecipientPerMinute;
    this.scheduler = scheduler;
    this.global = Bucket.builder()
        .addLimit(limit -> limit.capacity(globalPerSecond).refillGreedy(globalPerSecond, Duration.ofSeconds(1)))
        .build();
  }

  /** How long a send may wait for a token: half the time left before {@code deadline}. */
  public static Duration maxWait(Instant now, Instant deadline) {
    Duration left = Duration.between(now, deadline);
    return left.isNegative() ? Duration.ZERO : left.dividedBy(2);
  }

  /** Completes true when a token for this recipient is reserved within {@code maxWait}, else false. */
  public CompletableFuture<Boolean> recipient(String recipientId, Duration maxWait) {
    Bucket bucket = recipients.computeIfAbsent(recipientId, id -> Bucket.builder()
        .addLimit(limit -> limit.capacity(perRecipientPerMinute)
            .refillGreedy(perRecipientPerMinute, Duration.ofMinutes(1)))
        .build());
    return reserve(bucket, maxWait);
  }

  public CompletableFuture<Boolean> global(Duration maxWait) {
    return reserve(global, maxWait);
  }

  private CompletableFuture<Boolean> reserve(Bucket bucket, Duration maxWait) {
    if (maxWait.isNegative() || maxWait.isZero()) {
      return CompletableFuture.completedFuture(bucket.tryConsume(1));
    }
    return bucket.asScheduler().tryConsume(1, maxWait, scheduler);
  }
}

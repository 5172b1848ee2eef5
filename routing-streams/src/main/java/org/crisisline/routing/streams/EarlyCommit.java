package org.crisisline.routing.streams;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;

/**
 * When a processor should ask Kafka Streams to commit at once instead of at the next
 * {@code commit.interval.ms}: a token bucket, so at most {@code perSecond} early commits a second
 * (after a burst of {@code burst}), whatever the load.
 *
 * <p>Under exactly-once nobody downstream sees an offer, a re-key or a status change before the
 * transaction that wrote it commits: at 20 ms a commit adds on average 10 ms to every hop. An
 * early commit on every record would stall the stream thread instead: Streams commits right after
 * the record and, having committed, goes back to poll with a smaller batch, so under load it would
 * commit once per record (measured: routing fell behind for good at 200 req/s). The bucket gives a
 * quiet line (a few requests a minute, the usual case) an early commit for every record that is
 * waited on — the request, then the answer that comes a few tens of milliseconds after its offer —
 * and a busy one a bounded number on top of the interval commits, which already carry many records
 * at once.
 *
 * <p>The rule before this one asked for an early commit only after 100 ms with no record. It was
 * also bounded (10 a second), but an answer written soon after its offer never found the quiet
 * spell, and waited for the interval.
 *
 * <p>One per processor kind and topology, shared by its tasks (their commits are one transaction
 * per stream thread). Thread-safe.
 */
public final class EarlyCommit {
  private final Bucket bucket;

  public EarlyCommit(int burst, int perSecond) {
    this(burst, perSecond, TimeMeter.SYSTEM_NANOTIME);
  }

  EarlyCommit(int burst, int perSecond, TimeMeter clock) {
    this.bucket = Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
        .withCustomTimePrecision(clock)
        .build();
  }

  /** Called for a record that is waited on downstream: true if it may be committed now (a token was left). */
  public boolean mayCommitNow() {
    return bucket.tryConsume(1);
  }
}

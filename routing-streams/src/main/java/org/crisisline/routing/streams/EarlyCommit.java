package org.crisisline.routing.streams;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When a processor should ask Kafka Streams to commit at once instead of at the next
 * {@code commit.interval.ms}: a token bucket per processor kind, {@code perSecond} early commits
 * at most, one at a time.
 *
 * <p>Under exactly-once nobody downstream sees an offer, a re-key or a status change before the
 * transaction that wrote it commits, so on a quiet line the wait for the interval is most of a
 * hop's latency. But an early commit on every record would stall the stream thread: Streams
 * commits right after the record and, having committed, goes back to poll with a smaller batch,
 * so under load it would commit once per record (measured: routing fell behind for good at
 * 200 req/s). A bucket bounds that whatever the load: at a few records a second every one that
 * is waited on commits at once; under sustained load the interval commits carry the records and
 * the bucket adds at most {@code perSecond} commits on top.
 *
 * <p>It replaces a rule that asked only for the first record after 100 ms of quiet: that one
 * also never committed on every record, but an answer written soon after the offer it answers
 * (a responder quick on the link, a page acknowledged at once) always waited for the interval,
 * on both hops. The bucket judges by the thread's clock, not the records' timestamps: the
 * records can be old (a backlog after a restart) and the commits are what is being limited.
 *
 * <p>One per processor kind and topology, shared by its tasks (their commits are one
 * transaction per stream thread). Thread-safe.
 */
public final class EarlyCommit {
  private final Bucket bucket;

  public EarlyCommit(int perSecond) {
    this(perSecond, System::nanoTime);
  }

  EarlyCommit(int perSecond, LongSupplier nanoClock) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("early commits per second must be at least 1");
    }
    TimeMeter clock = new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        return nanoClock.getAsLong();
      }

      @Override
      public boolean isWallClockBased() {
        return false;
      }
    };
    this.bucket = Bucket.builder()
        .addLimit(limit -> limit.capacity(1).refillGreedy(perSecond, Duration.ofSeconds(1)))
        .withCustomTimePrecision(clock)
        .build();
  }

  /** True (and a token spent) if a record that others wait on may be committed now. */
  public boolean mayCommitNow() {
    return bucket.tryConsume(1);
  }
}

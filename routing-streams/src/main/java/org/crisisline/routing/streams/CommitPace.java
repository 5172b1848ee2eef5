package org.crisisline.routing.streams;

/**
 * Whether a stream thread that has output waiting may commit before its interval commit: only
 * once it has had, since its last commit, at least as long as that commit took (and at least
 * {@link #MIN_GAP_MILLIS}).
 *
 * <p>Why: Streams times {@code commit.interval.ms} from the end of the last commit. With a 20 ms
 * interval and a broker slow to commit (200 ms on a loaded 2-core machine, measured in the fault
 * run), a thread processed for 20 ms and then committed for 200: a tenth of its time for records,
 * so it fell behind, its batches shrank, and it committed still more often. Pacing early commits
 * by the last commit's own duration keeps at least half the thread's time for records whatever
 * the broker's speed; when commits are quick (a few ms) it commits every 20 ms, as before.
 *
 * <p>One per stream thread: it is fed that thread's commit count and average commit latency
 * (Streams' {@code commit-total} and {@code commit-latency-avg}) on every record. Plain Java.
 */
final class CommitPace {
  /** The shortest gap between commits asked for early: 20 ms, the interval this rule replaced. */
  static final long MIN_GAP_MILLIS = 20;
  private double commitsSeen = Double.NaN;
  private long lastCallAt = Long.MIN_VALUE / 2;
  private long lastCommitEndedAt = Long.MIN_VALUE / 2;

  /**
   * {@code commits}: the thread's commit count so far; {@code commitLatencyMillis}: its recent
   * average commit duration (NaN before any). Call it on every record. A change in the count means
   * a commit ran since the last call: Streams commits after processing, so it ended about one commit
   * duration after that call (or now, if sooner).
   */
  boolean due(long nowMillis, double commits, double commitLatencyMillis) {
    long took = Double.isNaN(commitLatencyMillis) ? 0 : Math.round(commitLatencyMillis);
    if (commits != commitsSeen) {
      commitsSeen = commits;
      lastCommitEndedAt = Math.min(nowMillis, lastCallAt + took);
    }
    lastCallAt = nowMillis;
    return nowMillis - lastCommitEndedAt >= Math.max(MIN_GAP_MILLIS, took);
  }
}

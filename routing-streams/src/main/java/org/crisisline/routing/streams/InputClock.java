package org.crisisline.routing.streams;

/**
 * How far a market task has read its input, as a time: the moment up to which an answer given by a
 * person would have been seen. An offer's timeout is judged by this clock, not the wall clock.
 *
 * <p>Why: when routing is behind (a surge, a slow broker), an accept given a second before its offer
 * expired may still sit unread in {@code offer-answers} when the wall clock passes the expiry. Judged
 * by the wall clock the offer timed out, the responder was set AWAY and their other offers were taken
 * back, and the answer was then refused: under load, people who answered in time were taken out of
 * matching, and capacity fell just when it was needed (measured in docs/performance.md). Judged by
 * this clock, the timeout waits until the task has read its input up to the expiry.
 *
 * <p>Input time is the timestamp of the last record the task processed (Streams hands a task its
 * records oldest first across its partitions). A task that has processed nothing for {@link
 * #CAUGHT_UP_AFTER_MILLIS} has nothing waiting: its input time is the wall clock. And it never lags
 * the wall clock by more than {@link #MAX_HOLD_MILLIS}, so a skewed clock or a stuck partition can
 * delay a timeout by that much at most. One per market task. Plain Java.
 */
final class InputClock {
  /** Idle this long: everything that was waiting has been read. */
  static final long CAUGHT_UP_AFTER_MILLIS = 1_000;
  /** The most a timeout is held back, whatever the input's lag. */
  static final long MAX_HOLD_MILLIS = 30_000;
  private long lastRecordTimestamp = Long.MIN_VALUE / 2;
  private long lastRecordAt = Long.MIN_VALUE / 2;

  /** A record with {@code timestamp} was processed at wall-clock {@code nowMillis}. */
  void processed(long timestamp, long nowMillis) {
    lastRecordTimestamp = timestamp;
    lastRecordAt = nowMillis;
  }

  /** The input time at wall-clock {@code nowMillis}: never later than it, never more than the hold behind. */
  long now(long nowMillis) {
    if (nowMillis - lastRecordAt >= CAUGHT_UP_AFTER_MILLIS) {
      return nowMillis;
    }
    return Math.max(Math.min(lastRecordTimestamp, nowMillis), nowMillis - MAX_HOLD_MILLIS);
  }
}

package org.crisisline.bench;

import java.util.concurrent.atomic.AtomicInteger;

/** A request the generator sent: when it was due (not when it went out) and the step it counts in. */
final class Tracked {
  final Step step;
  final long dueNanos;
  final long dueEpochMicros;
  private final AtomicInteger sighted = new AtomicInteger();
  volatile boolean delivered;
  volatile boolean accepted;
  volatile String responderId;

  /** The stages between the request and its page, timed by when a read_committed consumer sees them. */
  enum Stage { REQUEST_COMMITTED, OFFER_COMMITTED }

  /** True the first time {@code stage} is reported for this request, false after. */
  boolean firstSighting(Stage stage) {
    int bit = 1 << stage.ordinal();
    return (sighted.getAndUpdate(s -> s | bit) & bit) == 0;
  }

  Tracked(Step step, long dueNanos, long dueEpochMicros) {
    this.step = step;
    this.dueNanos = dueNanos;
    this.dueEpochMicros = dueEpochMicros;
  }
}

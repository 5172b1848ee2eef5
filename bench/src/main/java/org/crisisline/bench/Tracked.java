package org.crisisline.bench;

/** A request the generator sent: when it was due (not when it went out) and the step it counts in. */
final class Tracked {
  final Step step;
  final long dueNanos;
  final long dueEpochMicros;
  volatile boolean requestCommitted;
  volatile boolean offerCommitted;
  volatile boolean delivered;
  volatile boolean accepted;
  volatile String responderId;

  Tracked(Step step, long dueNanos, long dueEpochMicros) {
    this.step = step;
    this.dueNanos = dueNanos;
    this.dueEpochMicros = dueEpochMicros;
  }
}

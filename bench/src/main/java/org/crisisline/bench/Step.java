package org.crisisline.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One offered rate: its recorders (microseconds, 3 significant digits, up to 10 minutes) for the
 * pipeline latencies, the two stages between them and the raw-Kafka probe, and its counters. Thread-safe: recorded
 * from the generator, the Vert.x event loop and the Kafka consumer threads.
 */
final class Step {
  static final long MAX_MICROS = 600_000_000L;

  final int rate;
  final boolean warmup;
  final Recorder intake = new Recorder(MAX_MICROS, 3);
  /** Due → the request is visible to a read_committed consumer of help-requests (intake's commit). */
  final Recorder requestCommitted = new Recorder(MAX_MICROS, 3);
  /** Due → its first offer is visible to a read_committed consumer of offers (routing's commits). */
  final Recorder offerCommitted = new Recorder(MAX_MICROS, 3);
  final Recorder delivered = new Recorder(MAX_MICROS, 3);
  final Recorder accepted = new Recorder(MAX_MICROS, 3);
  final Recorder floor = new Recorder(MAX_MICROS, 3);
  /** The exactly-once floor's parts, measured at this step's rate during it. */
  final FloorParts.Recorders parts = new FloorParts.Recorders();
  final AtomicLong sent = new AtomicLong();
  final AtomicLong intakeErrors = new AtomicLong();
  final AtomicLong answerErrors = new AtomicLong();
  final AtomicLong acceptedCount = new AtomicLong();
  final AtomicLong deliveredCount = new AtomicLong();
  final AtomicLong generatorLagMicros = new AtomicLong();

  Recorder stage(Tracked.Stage stage) {
    return switch (stage) {
      case REQUEST_COMMITTED -> requestCommitted;
      case OFFER_COMMITTED -> offerCommitted;
    };
  }

  Step(int rate, boolean warmup) {
    this.rate = rate;
    this.warmup = warmup;
  }

  static Histogram snapshot(Recorder r) {
    return r.getIntervalHistogram();
  }
}

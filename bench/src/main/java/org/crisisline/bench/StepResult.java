package org.crisisline.bench;

import org.HdrHistogram.Histogram;

/**
 * The figures of one offered rate, in milliseconds. {@code errors} counts failed intake calls, failed
 * answers and requests that never reached ACCEPTED within the drain time. {@code recordsPerRequest} is
 * Kafka records written per request sent ({@link RecordCounter}, -1 when not counted); {@code pathFloor}
 * the exactly-once floor measured in the same step ({@link PathFloor}); {@code cpuPercent} and
 * {@code jitPercent} (the part of it the JIT compilers took) in % of the machine ({@link Resources}).
 */
record StepResult(
    int rate,
    double achievedRate,
    long sent,
    long errors,
    Latency intake,
    Latency requestCommitted,
    Latency offerCommitted,
    Latency delivered,
    Latency accepted,
    Latency floor,
    double cpuPercent,
    double jitPercent,
    long heapMb,
    double load,
    double recordsPerRequest,
    PathFloor pathFloor) {

  /** Percentiles of one histogram (recorded in microseconds), in milliseconds. */
  record Latency(long count, double p50, double p90, double p99, double p999, double max) {
    static Latency of(Histogram h) {
      return new Latency(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
          ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
    }

    private static double ms(long micros) {
      return micros / 1000.0;
    }
  }
}

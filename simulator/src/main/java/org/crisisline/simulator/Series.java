package org.crisisline.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The time series the report charts, from one run's outcomes: how many requests were waiting (not
 * yet accepted or closed), averaged over each {@value #BIN_MINUTES}-minute bin of the run; and
 * speed to answer by hour of the day (UTC) of logging.
 */
record Series(long start, double[] waiting, double[] meanSpeedByHour, double[] p90SpeedByHour, int[] countByHour) {
  static final int BIN_MINUTES = 15;

  static Series of(Outcomes o, long start, long end) {
    long bin = BIN_MINUTES * 60_000L;
    int bins = (int) Math.max(1, (end - start + bin - 1) / bin);
    double[] waitingMillis = new double[bins];
    List<List<Long>> byHour = new ArrayList<>();
    for (int h = 0; h < 24; h++) {
      byHour.add(new ArrayList<>());
    }
    for (Outcomes.Request r : o.requests()) {
      long from = Math.max(start, r.loggedAt);
      long to = Math.min(end, r.waitedUntil(o.runUntil));
      for (long t = from; t < to; ) {
        int b = (int) ((t - start) / bin);
        long binEnd = start + (b + 1) * bin;
        long until = Math.min(to, binEnd);
        waitingMillis[b] += until - t;
        t = until;
      }
      if (r.accepted()) {
        byHour.get((int) ((r.loggedAt / 3_600_000L) % 24)).add(r.acceptedAt - r.loggedAt);
      }
    }
    double[] waiting = new double[bins];
    for (int b = 0; b < bins; b++) {
      waiting[b] = waitingMillis[b] / bin;
    }
    double[] mean = new double[24];
    double[] p90 = new double[24];
    int[] count = new int[24];
    for (int h = 0; h < 24; h++) {
      List<Long> v = byHour.get(h);
      v.sort(null);
      count[h] = v.size();
      mean[h] = v.stream().mapToLong(Long::longValue).average().orElse(0) / 1000.0;
      p90[h] = Summary.percentile(v, 0.9) / 1000.0;
    }
    return new Series(start, waiting, mean, p90, count);
  }
}

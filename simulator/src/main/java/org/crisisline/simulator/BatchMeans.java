package org.crisisline.simulator;

import java.util.List;

/**
 * The statistical error of a mean over one simulation run. Successive waits in a queue are
 * correlated, so the textbook σ/√n would be far too small; the run (in arrival order) is cut into
 * {@code batches} consecutive batches whose means are nearly independent, and the error is that of
 * the mean of the batch means (Law & Kelton, "Simulation Modeling and Analysis", §9.5.3). The first
 * batch is dropped as warm-up: the run starts with an empty queue.
 *
 * @param mean the mean over the kept batches
 * @param halfWidth the half-width of the 99 % confidence interval (Student t, batches − 1 degrees of freedom)
 */
record BatchMeans(double mean, double halfWidth, int batches) {
  /** Student's t at 0.995 for 19 degrees of freedom (20 kept batches). */
  static final double T_995_19 = 2.861;
  static final int KEPT_BATCHES = 20;

  /** The batch-means estimate of the mean of {@code values} (in arrival order). */
  static BatchMeans of(List<Double> values) {
    int perBatch = values.size() / (KEPT_BATCHES + 1);
    if (perBatch < 10) {
      throw new IllegalArgumentException("too few values for batch means: " + values.size());
    }
    double[] means = new double[KEPT_BATCHES];
    for (int b = 0; b < KEPT_BATCHES; b++) {
      double sum = 0;
      int from = (b + 1) * perBatch;
      for (int i = from; i < from + perBatch; i++) {
        sum += values.get(i);
      }
      means[b] = sum / perBatch;
    }
    double mean = 0;
    for (double m : means) {
      mean += m;
    }
    mean /= KEPT_BATCHES;
    double var = 0;
    for (double m : means) {
      var += (m - mean) * (m - mean);
    }
    var /= KEPT_BATCHES - 1;
    return new BatchMeans(mean, T_995_19 * Math.sqrt(var / KEPT_BATCHES), KEPT_BATCHES);
  }

  boolean covers(double expected) {
    return Math.abs(mean - expected) <= halfWidth;
  }
}

package org.crisisline.simulator;

import java.time.Duration;
import java.util.SplittableRandom;

/** Random durations, to the millisecond (routing's clock). */
final class Distributions {
  private Distributions() {}

  /** Exponential with the given mean; a zero mean gives zero. */
  static Duration exponential(SplittableRandom random, Duration mean) {
    if (mean.isZero()) {
      return Duration.ZERO;
    }
    double u = random.nextDouble();
    // 1 - u is in (0, 1]: the log is finite.
    return Duration.ofMillis(Math.round(-Math.log(1 - u) * mean.toMillis()));
  }

  /** A stream of its own for one key (an offer, a request): the same key draws the same numbers. */
  static SplittableRandom streamFor(long seed, String key) {
    long h = seed * 0x9E3779B97F4A7C15L;
    for (int i = 0; i < key.length(); i++) {
      h = (h ^ key.charAt(i)) * 0x100000001B3L;
    }
    return new SplittableRandom(h);
  }
}

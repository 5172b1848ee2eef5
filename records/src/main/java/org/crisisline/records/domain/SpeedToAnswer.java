package org.crisisline.records.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Mean, median and 90th percentile of the speed to answer (logged → accepted) of the accepted
 * contacts of a bucket, in seconds (millisecond precision); all null when none was accepted.
 * Percentiles are nearest-rank: the smallest value with at least q of the values at or below it, so
 * every reported value is a real contact's.
 */
public record SpeedToAnswer(Double mean, Double p50, Double p90) {
  public static final SpeedToAnswer NONE = new SpeedToAnswer(null, null, null);

  public static SpeedToAnswer of(List<Duration> speeds) {
    if (speeds.isEmpty()) {
      return NONE;
    }
    List<Long> ms = new ArrayList<>();
    long total = 0;
    for (Duration d : speeds) {
      ms.add(d.toMillis());
      total += d.toMillis();
    }
    Collections.sort(ms);
    return new SpeedToAnswer(seconds((double) total / ms.size()), seconds(rank(ms, 0.5)), seconds(rank(ms, 0.9)));
  }

  private static double rank(List<Long> sorted, double q) {
    int index = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }

  private static double seconds(double millis) {
    return Math.round(millis) / 1000.0;
  }
}

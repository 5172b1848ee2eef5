package org.crisisline.records.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The width of a KPI bucket; buckets are aligned to UTC hours or days. */
public enum Interval {
  HOUR(ChronoUnit.HOURS),
  DAY(ChronoUnit.DAYS);

  private final ChronoUnit unit;

  Interval(ChronoUnit unit) {
    this.unit = unit;
  }

  public Duration length() {
    return unit.getDuration();
  }

  /** The start of the bucket holding {@code t}. */
  public Instant floor(Instant t) {
    return t.truncatedTo(unit);
  }

  /** The end of the last bucket needed to cover up to {@code t} (exclusive). */
  public Instant ceil(Instant t) {
    Instant f = floor(t);
    return f.equals(t) ? t : f.plus(length());
  }

  /** Parses {@code hour} or {@code day} (any case); null when neither. */
  public static Interval parse(String s) {
    if (s == null) {
      return null;
    }
    for (Interval i : values()) {
      if (i.name().equalsIgnoreCase(s)) {
        return i;
      }
    }
    return null;
  }
}

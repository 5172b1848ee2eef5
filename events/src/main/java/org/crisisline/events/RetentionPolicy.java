package org.crisisline.events;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The durations behind each {@link Retention}: {@code CRISISLINE_TOPIC_LIVE_RETENTION_DAYS}
 * (default 7) for live topics and {@code CRISISLINE_RECORDS_RETENTION_DAYS} (default 400) for the
 * contact history. The history topics share the records database's setting on purpose: the
 * database is rebuilt from those topics, so a shorter topic retention would lose contacts the
 * policy keeps, and a longer one would keep contacts the policy promised to delete.
 */
public record RetentionPolicy(Duration live, Duration history) {
  public static final String LIVE_ENV = "CRISISLINE_TOPIC_LIVE_RETENTION_DAYS";
  public static final String HISTORY_ENV = "CRISISLINE_RECORDS_RETENTION_DAYS";
  public static final RetentionPolicy DEFAULTS = new RetentionPolicy(Duration.ofDays(7), Duration.ofDays(400));

  /**
   * How soon a tombstoned key is really gone from {@link Retention#SHREDDABLE_KEYS} topics: the
   * active segment rolls after an hour (only closed segments are compacted), a tombstone makes its
   * segment due for compaction at once and at the latest an hour later, and the log cleaner runs on
   * a little dirt. So the erased key's record is removed within about two hours of the tombstone;
   * the tombstone itself (which holds no key) stays a day, so a reader that was away for less than
   * that still sees it.
   */
  public static final Map<String, String> SHREDDING = Map.of(
      "segment.ms", Long.toString(Duration.ofHours(1).toMillis()),
      "min.compaction.lag.ms", "0",
      "max.compaction.lag.ms", Long.toString(Duration.ofHours(1).toMillis()),
      "delete.retention.ms", Long.toString(Duration.ofDays(1).toMillis()),
      "min.cleanable.dirty.ratio", "0.01");

  public RetentionPolicy {
    if (live.isNegative() || live.isZero() || history.isNegative() || history.isZero()) {
      throw new IllegalArgumentException("retention must be positive");
    }
  }

  /** From the environment; a value that is not a positive whole number of days is refused by name. */
  public static RetentionPolicy fromEnv(Map<String, String> env) {
    return new RetentionPolicy(days(env, LIVE_ENV, DEFAULTS.live), days(env, HISTORY_ENV, DEFAULTS.history));
  }

  /** {@code retention.ms} for a topic of this kind; -1 (never) for compacted current state. */
  public long retentionMs(Retention retention) {
    return switch (retention) {
      case LIVE, LATEST_WITHIN_LIVE_WINDOW -> live.toMillis();
      case HISTORY, SHREDDABLE_KEYS -> history.toMillis();
      case LATEST -> -1L;
    };
  }

  /** The topic configs that make a topic of this kind keep what it should. */
  public Map<String, String> topicConfigs(Retention retention) {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put("cleanup.policy", retention.cleanupPolicy());
    configs.put("retention.ms", Long.toString(retentionMs(retention)));
    if (retention == Retention.SHREDDABLE_KEYS) {
      configs.putAll(SHREDDING);
    }
    return configs;
  }

  private static Duration days(Map<String, String> env, String name, Duration fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      long days = Long.parseLong(raw.trim());
      if (days > 0) {
        return Duration.ofDays(days);
      }
    } catch (NumberFormatException e) {
      // refused below with the variable's name
    }
    throw new IllegalArgumentException(name + " must be a positive whole number of days");
  }
}

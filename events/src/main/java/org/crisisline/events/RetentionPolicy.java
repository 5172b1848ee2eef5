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
      case HISTORY -> history.toMillis();
      case LATEST -> -1L;
    };
  }

  /** The topic configs that make a topic of this kind keep what it should. */
  public Map<String, String> topicConfigs(Retention retention) {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put("cleanup.policy", retention.cleanupPolicy());
    configs.put("retention.ms", Long.toString(retentionMs(retention)));
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

package org.crisisline.records;

import java.time.Duration;
import java.util.Map;

/**
 * The contact-record read model and caller recognition.
 *
 * @param jdbcUrl     CRISISLINE_RECORDS_JDBC_URL, e.g. {@code jdbc:postgresql://db:5432/crisisline}; null = no read
 *                    model (reports and caller history answer 503)
 * @param user        CRISISLINE_RECORDS_DB_USER
 * @param password    CRISISLINE_RECORDS_DB_PASSWORD (never printed)
 * @param retention   CRISISLINE_RECORDS_RETENTION_DAYS, contacts older than this are deleted (default 400 days);
 *                    also the longest range a report may ask for
 * @param callerKey   CRISISLINE_CALLER_KEY, base64 of 32+ random bytes: the HMAC-SHA256 key of caller keys (a key
 *                    of its own, not the PII key); null = callers are not recognised
 * @param historyDays CRISISLINE_CALLER_HISTORY_DAYS, the window of a caller history look-up (default 90)
 */
public record RecordsConfig(String jdbcUrl, String user, String password, Duration retention, String callerKey,
    int historyDays) {
  public static final RecordsConfig NONE = new RecordsConfig(null, null, null, null, null, 0);

  public RecordsConfig {
    retention = retention == null ? Duration.ofDays(400) : retention;
    historyDays = historyDays <= 0 ? 90 : historyDays;
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("CRISISLINE_RECORDS_RETENTION_DAYS must be positive");
    }
  }

  public RecordsConfig(String jdbcUrl, String user, String password, Duration retention) {
    this(jdbcUrl, user, password, retention, null, 0);
  }

  public static RecordsConfig fromEnv(Map<String, String> env) {
    String url = env.get("CRISISLINE_RECORDS_JDBC_URL");
    String key = env.get("CRISISLINE_CALLER_KEY");
    long days = number(env, "CRISISLINE_RECORDS_RETENTION_DAYS");
    return new RecordsConfig(url == null || url.isBlank() ? null : url.trim(), env.get("CRISISLINE_RECORDS_DB_USER"),
        env.get("CRISISLINE_RECORDS_DB_PASSWORD"), days <= 0 ? null : Duration.ofDays(days),
        key == null || key.isBlank() ? null : key.trim(), (int) number(env, "CRISISLINE_CALLER_HISTORY_DAYS"));
  }

  private static long number(Map<String, String> env, String name) {
    String v = env.get(name);
    try {
      return v == null || v.isBlank() ? 0 : Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number of days");
    }
  }

  public boolean enabled() {
    return jdbcUrl != null;
  }

  public RecordsConfig withCallerKey(String key) {
    return new RecordsConfig(jdbcUrl, user, password, retention, key, historyDays);
  }

  @Override
  public String toString() {
    return "RecordsConfig[jdbcUrl=" + (jdbcUrl == null ? "unset" : jdbcUrl.replaceAll("password=[^&]*", "password=***"))
        + ", user=" + user + ", password=" + (password == null ? "unset" : "set") + ", retention="
        + retention.toDays() + "d, callerKey=" + (callerKey == null ? "unset" : "set") + ", historyDays=" + historyDays
        + "]";
  }
}

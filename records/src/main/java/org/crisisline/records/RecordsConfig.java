package org.crisisline.records;

import java.time.Duration;
import java.util.Map;

/**
 * Where the contact-record read model lives and how long it keeps contacts.
 *
 * @param jdbcUrl   CRISISLINE_RECORDS_JDBC_URL, e.g. {@code jdbc:postgresql://db:5432/crisisline}; null = no read model
 *                  (reports and caller history answer 503)
 * @param user      CRISISLINE_RECORDS_DB_USER
 * @param password  CRISISLINE_RECORDS_DB_PASSWORD (never printed)
 * @param retention CRISISLINE_RECORDS_RETENTION_DAYS, contacts older than this are deleted (default 400 days)
 */
public record RecordsConfig(String jdbcUrl, String user, String password, Duration retention) {
  public static final RecordsConfig NONE = new RecordsConfig(null, null, null, null);

  public RecordsConfig {
    retention = retention == null ? Duration.ofDays(400) : retention;
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("CRISISLINE_RECORDS_RETENTION_DAYS must be positive");
    }
  }

  public static RecordsConfig fromEnv(Map<String, String> env) {
    String days = env.get("CRISISLINE_RECORDS_RETENTION_DAYS");
    Duration retention;
    try {
      retention = days == null || days.isBlank() ? null : Duration.ofDays(Long.parseLong(days.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("CRISISLINE_RECORDS_RETENTION_DAYS must be a whole number of days");
    }
    String url = env.get("CRISISLINE_RECORDS_JDBC_URL");
    return new RecordsConfig(url == null || url.isBlank() ? null : url.trim(), env.get("CRISISLINE_RECORDS_DB_USER"),
        env.get("CRISISLINE_RECORDS_DB_PASSWORD"), retention);
  }

  public boolean enabled() {
    return jdbcUrl != null;
  }

  @Override
  public String toString() {
    return "RecordsConfig[jdbcUrl=" + (jdbcUrl == null ? "unset" : jdbcUrl.replaceAll("password=[^&]*", "password=***"))
        + ", user=" + user + ", password=" + (password == null ? "unset" : "set") + ", retention=" + retention.toDays()
        + "d]";
  }
}

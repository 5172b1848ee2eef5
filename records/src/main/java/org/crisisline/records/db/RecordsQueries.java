package org.crisisline.records.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.crisisline.events.Disposition;
import org.crisisline.events.Need;
import org.crisisline.events.RiskLevel;
import org.crisisline.events.Urgency;
import org.crisisline.records.domain.CallerHistory;
import org.crisisline.records.domain.ContactFacts;

/** What reports and caller history read from the read model: plain SQL, plain records out. */
public final class RecordsQueries {
  private final RecordsDb db;

  public RecordsQueries(RecordsDb db) {
    this.db = db;
  }

  /** Contacts logged in {@code [from, to)}, of one home region or (null) of all. */
  public List<ContactFacts> contacts(Instant from, Instant to, String region) throws SQLException {
    String sql = "SELECT request_id, logged_at, COALESCE(region, status_region), urgency, need, accepted_at,"
        + " cancelled_at, expired_at, completed_at, referred_at, escalated, rolled_over, alerted, alert_acknowledged, disposition,"
        + " COALESCE(risk_level, intake_risk_level) FROM contacts WHERE logged_at >= ? AND logged_at < ?"
        + (region == null ? "" : " AND COALESCE(region, status_region) = ?") + " ORDER BY logged_at";
    List<ContactFacts> out = new ArrayList<>();
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(from));
      ps.setTimestamp(2, Timestamp.from(to));
      if (region != null) {
        ps.setString(3, region);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new ContactFacts(rs.getString(1), instant(rs, 2), rs.getString(3),
              value(Urgency.class, rs.getString(4)), value(Need.class, rs.getString(5)), instant(rs, 6), instant(rs, 7),
              instant(rs, 8), instant(rs, 9), instant(rs, 10), rs.getBoolean(11), rs.getBoolean(12), rs.getBoolean(13),
              rs.getBoolean(14), value(Disposition.class, rs.getString(15)), value(RiskLevel.class, rs.getString(16))));
        }
      }
    }
    return out;
  }

  /** Requests logged with {@code callerKey} since {@code since}, and the latest one's codes. */
  public CallerHistory history(String callerKey, Instant since, int windowDays) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) OVER (), logged_at, disposition,"
            + " COALESCE(risk_level, intake_risk_level) FROM contacts WHERE caller_key = ? AND logged_at >= ?"
            + " ORDER BY logged_at DESC LIMIT 1")) {
      ps.setString(1, callerKey);
      ps.setTimestamp(2, Timestamp.from(since));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return CallerHistory.none(windowDays);
        }
        return new CallerHistory(rs.getInt(1), windowDays, instant(rs, 2), rs.getString(3), rs.getString(4));
      }
    }
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static <E extends Enum<E>> E value(Class<E> type, String name) {
    if (name == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}

package org.crisisline.records.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.crisisline.events.Disposition;
import org.crisisline.events.Need;
import org.crisisline.events.RiskLevel;
import org.crisisline.events.Urgency;
import org.crisisline.records.domain.ArchivedRequest;
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

    /**
   * The requests logged with {@code callerKey}, each with its last status as stored (a status name,
   * null before the first): what erasure and a caller's opt-out look up beyond intake's memory.
   */
  public Map<String, String> statusesByRequest(String callerKey) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT request_id, status FROM contacts WHERE caller_key = ?")) {
      ps.setString(1, callerKey);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return out;
  }

  /** One request by id with its timeline, empty when the database holds no logged request of that id. */
  public Optional<ArchivedRequest> request(String requestId) throws SQLException {
    try (Connection c = db.connection()) {
      ArchivedRequest.WrapUp wrapUp;
      String[] row = new String[9];
      Instant loggedAt;
      try (PreparedStatement ps = c.prepareStatement("SELECT status, urgency, need, referral_kind,"
          + " COALESCE(region, status_region), language, channel, intake_risk_level, logged_at, wrapped_at, disposition,"
          + " risk_level, safety_plan, active_rescue FROM contacts WHERE request_id = ? AND logged_at IS NOT NULL")) {
        ps.setString(1, requestId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          for (int i = 0; i < 8; i++) {
            row[i] = rs.getString(i + 1);
          }
          loggedAt = instant(rs, 9);
          Instant wrapped = instant(rs, 10);
          wrapUp = wrapped == null ? null : new ArchivedRequest.WrapUp(rs.getString(11), rs.getString(12),
              (Boolean) rs.getObject(13), (Boolean) rs.getObject(14), wrapped);
        }
      }
      List<ArchivedRequest.Step> steps = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT status, kind, escalation_step, at, reason, offer_id,"
          + " responder_id, service_id, policy_version, event_id FROM contact_timeline WHERE request_id = ? ORDER BY at, event_id")) {
        ps.setString(1, requestId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            steps.add(new ArchivedRequest.Step(rs.getString(10), rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)));
          }
        }
      }
      return Optional.of(new ArchivedRequest(requestId, statusOrQueued(row[0]), row[1], row[2], row[3], row[4], row[5], row[6],
          loggedAt, row[7], wrapUp, steps));
    }
  }

  /**
   * The requests {@code username} logged since {@code since}, newest first, without their timelines
   * ("mine today" for what left intake's memory). An index scan ({@code contacts_logged_by}).
   */
  public List<ArchivedRequest> loggedBy(String username, Instant since) throws SQLException {
    List<ArchivedRequest> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT request_id, status, urgency, need, referral_kind,"
            + " COALESCE(region, status_region), language, channel, logged_at, intake_risk_level FROM contacts"
            + " WHERE logged_by = ? AND logged_at >= ? ORDER BY logged_at DESC, request_id DESC")) {
      ps.setString(1, username);
      ps.setTimestamp(2, Timestamp.from(since));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new ArchivedRequest(rs.getString(1), statusOrQueued(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5),
              rs.getString(6), rs.getString(7), rs.getString(8), instant(rs, 9), rs.getString(10), null, List.of()));
        }
      }
    }
    return out;
  }

  /** Before routing's first status a request is queued, as intake shows it. */
  private static String statusOrQueued(String status) {
    return status == null ? "QUEUED" : status;
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

package org.crisisline.records.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.crisisline.events.AlertAcknowledged;
import org.crisisline.events.AlertRaised;
import org.crisisline.events.Event;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.RequestCancelled;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestStatusChanged;

/**
 * Writes a batch of events, each already claimed once in {@code applied_events} ({@link ContactBatch}),
 * to {@code contacts} and {@code contact_timeline}: one multi-row statement per kind of change. The
 * events of one request are folded in memory first, with the operators the upserts merge with, so
 * a statement touches each row once and the result is the one of applying them one by one. Each
 * merge is also order-tolerant across batches (first acceptance wins whichever arrives first, flags
 * only turn on, the latest status and wrap-up win by their time), because the topics are read side
 * by side. Rows go in request-id order, so two writers lock them in the same order. Only codes and
 * times are stored: sealed notes and contact details are not copied here.
 */
final class ContactWriter {
  private final Map<String, HelpRequestLogged> logged = new TreeMap<>();
  private final Map<String, StatusFold> statuses = new TreeMap<>();
  private final Rows timeline = new Rows("event_id text", "request_id text", "status text", "kind text",
      "escalation_step text", "at timestamptz", "reason text", "offer_id text", "responder_id text", "service_id text",
      "policy_version text");
  private final Map<String, RequestCompleted> wrapUps = new TreeMap<>();
  private final Set<String> alerted = new TreeSet<>();
  private final Set<String> acknowledged = new TreeSet<>();
  private final Map<String, String> cancelReasons = new TreeMap<>();

  /** Applies one event on its own (a batch of one); true when it changed the read model. */
  static boolean apply(Connection c, String topic, Event event) throws SQLException {
    ContactBatch batch = new ContactBatch();
    return batch.add(topic, event) && batch.write(c) == 1;
  }

  /** The events the read model is made of; every other event on the source topics is passed over. */
  static boolean relevant(Event e) {
    return e instanceof HelpRequestLogged || e instanceof RequestStatusChanged || e instanceof RequestCompleted
        || e instanceof RequestCancelled || e instanceof AlertRaised || e instanceof AlertAcknowledged;
  }

  /** The request a relevant event is about (null for any other event). */
  static String requestId(Event e) {
    if (e instanceof HelpRequestLogged l) {
      return l.requestId();
    } else if (e instanceof RequestStatusChanged s) {
      return s.requestId();
    } else if (e instanceof RequestCompleted w) {
      return w.requestId();
    } else if (e instanceof RequestCancelled x) {
      return x.requestId();
    } else if (e instanceof AlertRaised a) {
      return a.requestId();
    } else if (e instanceof AlertAcknowledged a) {
      return a.requestId();
    }
    return null;
  }

  /** Folds one event in, in the order the batch read them. */
  void add(Event event) {
    if (event instanceof HelpRequestLogged l) {
      logged.put(l.requestId(), l);
    } else if (event instanceof RequestStatusChanged s && !s.isRejectedAnswer()) {
      statuses.computeIfAbsent(s.requestId(), StatusFold::new).add(s);
      // The timeline keeps every status event.
      timeline.add(s.eventId(), s.requestId(), s.status(), s.kind(), s.escalationStep(), s.occurredAt(), s.reason(),
          s.offerId(), s.responderId(), s.serviceId(), s.policyVersion());
    } else if (event instanceof RequestCompleted w) {
      RequestCompleted before = wrapUps.get(w.requestId());
      // As "wrapped_at IS NULL OR wrapped_at <= new" in SQL: the latest wrap-up wins, a tie goes to the later one.
      if (before == null || before.occurredAt() == null
          || (w.occurredAt() != null && !w.occurredAt().isBefore(before.occurredAt()))) {
        wrapUps.put(w.requestId(), w);
      }
    } else if (event instanceof AlertRaised a) {
      alerted.add(a.requestId());
    } else if (event instanceof AlertAcknowledged a) {
      acknowledged.add(a.requestId());
    } else if (event instanceof RequestCancelled x) {
      cancelReasons.put(x.requestId(), name(x.reasonCode()));
    }
  }

  /** Writes what was folded: at most one statement per kind of change. */
  void write(Connection c) throws SQLException {
    writeLogged(c);
    writeStatuses(c);
    timeline.execute(c, "contact_timeline", "ON CONFLICT DO NOTHING");
    writeWrapUps(c);
    Rows alerts = new Rows("request_id text", "alerted boolean");
    alerted.forEach(id -> alerts.add(id, true));
    alerts.execute(c, "contacts", "ON CONFLICT (request_id) DO UPDATE SET alerted = true");
    Rows acks = new Rows("request_id text", "alert_acknowledged boolean");
    acknowledged.forEach(id -> acks.add(id, true));
    acks.execute(c, "contacts", "ON CONFLICT (request_id) DO UPDATE SET alert_acknowledged = true");
    Rows cancels = new Rows("request_id text", "cancel_reason text");
    cancelReasons.forEach(cancels::add);
    cancels.execute(c, "contacts", "ON CONFLICT (request_id) DO UPDATE SET cancel_reason = EXCLUDED.cancel_reason");
  }

  private void writeLogged(Connection c) throws SQLException {
    Rows rows = new Rows("request_id text", "logged_at timestamptz", "region text", "urgency text", "need text",
        "channel text", "caller_key text", "intake_risk_level text", "referral_kind text", "language text",
        "logged_by text");
    for (HelpRequestLogged l : logged.values()) {
      rows.add(l.requestId(), l.occurredAt(), l.region(), l.urgency(), l.need(), l.channel(), l.callerKey(),
          l.riskScreen() == null ? null : l.riskScreen().level(), l.referralKind(), l.language(), l.loggedBy());
    }
    rows.execute(c, "contacts", "ON CONFLICT (request_id) DO UPDATE SET"
        + " logged_at = EXCLUDED.logged_at, region = EXCLUDED.region, urgency = EXCLUDED.urgency, need = EXCLUDED.need,"
        + " channel = EXCLUDED.channel, caller_key = EXCLUDED.caller_key, intake_risk_level = EXCLUDED.intake_risk_level,"
        + " referral_kind = EXCLUDED.referral_kind, language = EXCLUDED.language, logged_by = EXCLUDED.logged_by");
  }

  private void writeStatuses(Connection c) throws SQLException {
    Rows rows = new Rows("request_id text", "status_region text", "accepted_at timestamptz", "cancelled_at timestamptz",
        "expired_at timestamptz", "completed_at timestamptz", "referred_at timestamptz",
        "referral_accepted_at timestamptz", "escalated boolean", "rolled_over boolean", "alerted boolean",
        "status text", "status_at timestamptz");
    for (StatusFold s : statuses.values()) {
      rows.add(s.requestId, s.statusRegion, s.accepted, s.cancelled, s.expired, s.completed, s.referred,
          s.referralAccepted, s.escalated, s.rolledOver, s.alerted, s.status, s.statusAt);
    }
    // The latest status wins whichever order the events come in (SET reads the row as it was).
    String later = "contacts.status_at IS NULL OR contacts.status_at <= EXCLUDED.status_at";
    rows.execute(c, "contacts", "ON CONFLICT (request_id) DO UPDATE SET"
        + " status_region = COALESCE(contacts.status_region, EXCLUDED.status_region),"
        + " accepted_at = LEAST(contacts.accepted_at, EXCLUDED.accepted_at),"
        + " cancelled_at = LEAST(contacts.cancelled_at, EXCLUDED.cancelled_at),"
        + " expired_at = LEAST(contacts.expired_at, EXCLUDED.expired_at),"
        + " completed_at = LEAST(contacts.completed_at, EXCLUDED.completed_at),"
        + " referred_at = LEAST(contacts.referred_at, EXCLUDED.referred_at),"
        + " referral_accepted_at = LEAST(contacts.referral_accepted_at, EXCLUDED.referral_accepted_at),"
        + " escalated = contacts.escalated OR EXCLUDED.escalated,"
        + " rolled_over = contacts.rolled_over OR EXCLUDED.rolled_over,"
        + " alerted = contacts.alerted OR EXCLUDED.alerted,"
        + " status = CASE WHEN " + later + " THEN EXCLUDED.status ELSE contacts.status END,"
        + " status_at = CASE WHEN " + later + " THEN EXCLUDED.status_at ELSE contacts.status_at END");
  }

  private void writeWrapUps(Connection c) throws SQLException {
    Rows rows = new Rows("request_id text", "wrapped_at timestamptz", "disposition text", "risk_level text",
        "safety_plan boolean", "active_rescue boolean");
    for (RequestCompleted w : wrapUps.values()) {
      rows.add(w.requestId(), w.occurredAt(), w.disposition(), w.riskLevel(), w.safetyPlan(), w.activeRescue());
    }
    rows.execute(c, "contacts", "ON CONFLICT (request_id) DO UPDATE SET wrapped_at = EXCLUDED.wrapped_at,"
        + " disposition = EXCLUDED.disposition, risk_level = EXCLUDED.risk_level,"
        + " safety_plan = EXCLUDED.safety_plan, active_rescue = EXCLUDED.active_rescue"
        + " WHERE contacts.wrapped_at IS NULL OR contacts.wrapped_at <= EXCLUDED.wrapped_at");
  }

  private static String name(Enum<?> e) {
    return e == null ? null : e.name();
  }

  static int exec(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        Object a = args[i];
        if (a instanceof Instant t) {
          ps.setTimestamp(i + 1, Timestamp.from(t));
        } else if (a == null) {
          ps.setNull(i + 1, Types.NULL);
        } else {
          ps.setObject(i + 1, a);
        }
      }
      return ps.executeUpdate();
    }
  }
}

package org.crisisline.records.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import org.crisisline.events.AlertAcknowledged;
import org.crisisline.events.AlertRaised;
import org.crisisline.events.EscalationStep;
import org.crisisline.events.Event;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.RequestCancelled;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.StatusKind;

/**
 * Applies one event to the {@code contacts} table, at most once: the event id goes into
 * {@code applied_events} first, and an id already there makes the event a no-op. Each update is
 * also order-tolerant (first acceptance wins whichever arrives first, flags only turn on, the latest
 * wrap-up wins), because the three topics are read side by side. Only codes and times are stored:
 * sealed notes and contact details are not copied here.
 */
final class ContactWriter {
  private ContactWriter() {}

  /** True when the event changed the read model, false when it was seen before or is not about contacts. */
  static boolean apply(Connection c, String topic, Event event) throws SQLException {
    if (!relevant(event) || !firstTime(c, topic, event)) {
      return false;
    }
    if (event instanceof HelpRequestLogged l) {
      logged(c, l);
    } else if (event instanceof RequestStatusChanged s) {
      status(c, s);
    } else if (event instanceof RequestCompleted w) {
      wrapUp(c, w);
    } else if (event instanceof AlertRaised a) {
      exec(c, "INSERT INTO contacts (request_id, alerted) VALUES (?, true) ON CONFLICT (request_id) DO UPDATE"
          + " SET alerted = true", a.requestId());
    } else if (event instanceof AlertAcknowledged a) {
      exec(c, "INSERT INTO contacts (request_id, alert_acknowledged) VALUES (?, true) ON CONFLICT (request_id)"
          + " DO UPDATE SET alert_acknowledged = true", a.requestId());
    } else if (event instanceof RequestCancelled x) {
      exec(c, "INSERT INTO contacts (request_id, cancel_reason) VALUES (?, ?) ON CONFLICT (request_id) DO UPDATE "
          + "SET cancel_reason = EXCLUDED.cancel_reason", x.requestId(), name(x.reasonCode()));
    }
    return true;
  }

  private static boolean relevant(Event e) {
    return e instanceof HelpRequestLogged || e instanceof RequestStatusChanged || e instanceof RequestCompleted
        || e instanceof RequestCancelled || e instanceof AlertRaised || e instanceof AlertAcknowledged;
  }

  private static boolean firstTime(Connection c, String topic, Event e) throws SQLException {
    return exec(c, "INSERT INTO applied_events (event_id, topic, occurred_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        e.eventId(), topic, e.occurredAt()) == 1;
  }

  private static void logged(Connection c, HelpRequestLogged l) throws SQLException {
    exec(c, "INSERT INTO contacts (request_id, logged_at, region, urgency, need, channel, caller_key, intake_risk_level,"
        + " referral_kind, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (request_id) DO UPDATE SET"
        + " logged_at = EXCLUDED.logged_at, region = EXCLUDED.region, urgency = EXCLUDED.urgency, need = EXCLUDED.need,"
        + " channel = EXCLUDED.channel, caller_key = EXCLUDED.caller_key, intake_risk_level = EXCLUDED.intake_risk_level,"
        + " referral_kind = EXCLUDED.referral_kind, language = EXCLUDED.language",
        l.requestId(), l.occurredAt(), l.region(), name(l.urgency()), name(l.need()), name(l.channel()), l.callerKey(),
        l.riskScreen() == null ? null : l.riskScreen().level().name(), name(l.referralKind()), l.language());
  }

  private static void status(Connection c, RequestStatusChanged s) throws SQLException {
    if (s.isRejectedAnswer()) {
      return;
    }
    Instant at = s.occurredAt();
    boolean transition = s.kind() == StatusKind.TRANSITION;
    Instant accepted = transition && s.status() == org.crisisline.events.RequestStatus.ACCEPTED ? at : null;
    Instant cancelled = s.status() == org.crisisline.events.RequestStatus.CANCELLED ? at : null;
    Instant expired = s.status() == org.crisisline.events.RequestStatus.EXPIRED ? at : null;
    Instant completed = s.status() == org.crisisline.events.RequestStatus.COMPLETED ? at : null;
    // REFERRED is no longer terminal (with a service, waiting for its answer; again at each next
    // service): referred_at keeps the first. A service's accept is referral_accepted_at; the outcome
    // events it reports later (kind REFERRAL_OUTCOME, same status) do not move it.
    Instant referred = s.status() == org.crisisline.events.RequestStatus.REFERRED ? at : null;
    Instant referralAccepted = transition && s.status() == org.crisisline.events.RequestStatus.REFERRAL_ACCEPTED
        ? at : null;
    boolean escalated = s.kind() == StatusKind.ESCALATION;
    boolean rolledOver = escalated && s.escalationStep() == EscalationStep.ROLLED_OVER;
    boolean alerted = s.kind() == StatusKind.ALERT || s.escalationStep() == EscalationStep.SUPERVISOR_ALERT;
    exec(c, "INSERT INTO contacts (request_id, status_region, accepted_at, cancelled_at, expired_at, completed_at,"
        + " referred_at, referral_accepted_at, escalated, rolled_over, alerted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (request_id) DO UPDATE SET"
        + " status_region = COALESCE(contacts.status_region, EXCLUDED.status_region),"
        + " accepted_at = LEAST(contacts.accepted_at, EXCLUDED.accepted_at),"
        + " cancelled_at = LEAST(contacts.cancelled_at, EXCLUDED.cancelled_at),"
        + " expired_at = LEAST(contacts.expired_at, EXCLUDED.expired_at),"
        + " completed_at = LEAST(contacts.completed_at, EXCLUDED.completed_at),"
        + " referred_at = LEAST(contacts.referred_at, EXCLUDED.referred_at),"
        + " referral_accepted_at = LEAST(contacts.referral_accepted_at, EXCLUDED.referral_accepted_at),"
        + " escalated = contacts.escalated OR EXCLUDED.escalated,"
        + " rolled_over = contacts.rolled_over OR EXCLUDED.rolled_over,"
        + " alerted = contacts.alerted OR EXCLUDED.alerted",
        s.requestId(), s.region(), accepted, cancelled, expired, completed, referred, referralAccepted, escalated,
        rolledOver, alerted);
    // The latest status wins whichever order the events come in; the timeline keeps every one.
    exec(c, "UPDATE contacts SET status = ?, status_at = ? WHERE request_id = ? AND (status_at IS NULL OR status_at <= ?)",
        name(s.status()), at, s.requestId(), at);
    exec(c, "INSERT INTO contact_timeline (event_id, request_id, status, kind, escalation_step, at, reason, offer_id,"
        + " responder_id, service_id, policy_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        s.eventId(), s.requestId(), name(s.status()), name(s.kind()), name(s.escalationStep()), at, s.reason(),
        s.offerId(), s.responderId(), s.serviceId(), s.policyVersion());
  }

  private static void wrapUp(Connection c, RequestCompleted w) throws SQLException {
    exec(c, "INSERT INTO contacts (request_id, wrapped_at, disposition, risk_level, safety_plan, active_rescue)"
        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (request_id) DO UPDATE SET wrapped_at = EXCLUDED.wrapped_at,"
        + " disposition = EXCLUDED.disposition, risk_level = EXCLUDED.risk_level,"
        + " safety_plan = EXCLUDED.safety_plan, active_rescue = EXCLUDED.active_rescue"
        + " WHERE contacts.wrapped_at IS NULL OR contacts.wrapped_at <= EXCLUDED.wrapped_at",
        w.requestId(), w.occurredAt(), name(w.disposition()), name(w.riskLevel()), w.safetyPlan(), w.activeRescue());
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

package org.crisisline.routing.market;

import java.time.Instant;
import java.util.Optional;
import org.crisisline.events.EscalationStep;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;

/**
 * What happens when a deadline passes: an offer times out (responder set AWAY, next
 * responder), an SLA step escalates (relax specialty, then roll over to the backup region,
 * then for IMMINENT_RISK a supervisor alert and the emergency pool), specialty preference is
 * relaxed after the configured wait, a request's TTL ends (EXPIRED).
 */
final class Timers {
  static final int MAX_STEPS = 3;
  private final RoutingPolicy policy;
  private final Lifecycle lifecycle;

  Timers(RoutingPolicy policy, Lifecycle lifecycle) {
    this.policy = policy;
    this.lifecycle = lifecycle;
  }

  void fire(Outcome out, Market m, RequestState s, Timer t, Instant now) {
    switch (t.kind()) {
      case OFFER_TIMEOUT -> {
        if (s.isOffered() && t.ref().equals(s.offerId)) {
          timeout(out, m, s, now);
        }
      }
      case ESCALATE -> {
        if (s.isWaiting() || s.isOffered()) {
          escalate(out, m, s, Integer.parseInt(t.ref()), now);
        }
      }
      case RELAX_SPECIALTY -> {
        if ((s.isWaiting() || s.isOffered()) && !s.specialtyRelaxed) {
          relax(out, m, s, "specialty preference relaxed after waiting "
              + policy.relaxSpecialtyAfter().toSeconds() + "s", StatusKind.TRANSITION, now);
        }
      }
      case TTL -> {
        if (s.isWaiting() || s.isOffered()) {
          lifecycle.close(out, m, s, RequestStatus.EXPIRED, "not accepted within its TTL of "
              + policy.ttl(s.urgency()).toSeconds() + "s", now);
        }
      }
      case ACCEPTED_TTL -> {
        if (s.status == RequestStatus.ACCEPTED && t.ref().equals(s.acceptedOfferId)) {
          lifecycle.close(out, m, s, RequestStatus.EXPIRED, "accepted but not completed within "
              + policy.acceptedTtl().toSeconds() + "s", now);
        }
      }
      default -> { }
    }
  }

  /** The responder let the offer time out: they go AWAY (reason shown), the request moves on. */
  void timeout(Outcome out, Market m, RequestState s, Instant now) {
    String offerId = s.offerId;
    ResponderState r = m.responders.get(s.offerTo);
    String reason = "offer " + offerId + " timed out after " + policy.offerTimeout(s.urgency()).toSeconds()
        + "s; responder " + s.offerTo + " set AWAY";
    String awayReason = "missed offer " + offerId + " (no answer in "
        + policy.offerTimeout(s.urgency()).toSeconds() + "s)";
    if (r != null) {
      // Out of matching first, so the re-offer below cannot pick them for something else.
      r.status = ResponderStatus.AWAY;
      r.statusReason = awayReason;
      m.reindex(r);
    }
    lifecycle.endOffer(out, m, s, "timed out", reason, true, now);
    if (r != null) {
      lifecycle.setUnavailable(out, m, r, ResponderStatus.AWAY, awayReason, now);
    }
  }

  void escalate(Outcome out, Market m, RequestState s, int step, Instant now) {
    s.escalationLevel = Math.max(s.escalationLevel, step);
    String breach = "SLA of " + policy.sla(s.urgency()).toSeconds() + "s breached (step " + step + ")";
    Optional<String> backup = policy.backupRegion(m.region);
    Optional<String> emergency = policy.emergencyRegion().filter(e -> !e.equals(m.region));
    if (!RoutingPolicy.DIRECTORY.equals(s.pool) && !s.requiredSpecialties(policy).isEmpty()) {
      relax(out, m, s, breach + ": specialty relaxed", StatusKind.ESCALATION, now);
    } else if (!s.rolledOver && backup.isPresent()) {
      s.rolledOver = true;
      moveOrDefer(out, m, s, backup.get(), breach + ": ", "rolled over to backup region ",
          "will roll over to backup region ", StatusKind.ESCALATION, EscalationStep.ROLLED_OVER, now);
    } else if (s.urgency() == Urgency.IMMINENT_RISK && !s.alerted) {
      s.alerted = true;
      String alert = "SUPERVISOR ALERT: imminent risk unassigned; " + breach;
      if (emergency.isPresent()) {
        moveOrDefer(out, m, s, emergency.get(), alert + ": ", "moved to emergency pool ",
            "will move to emergency pool ", StatusKind.ALERT, EscalationStep.MOVED_TO_POOL, now);
      } else {
        escalated(out, m, s, alert, StatusKind.ALERT, EscalationStep.SUPERVISOR_ALERT, now);
      }
    } else if (step == 1) {
      escalated(out, m, s, breach + ": no escalation step left", StatusKind.ESCALATION, EscalationStep.SLA_BREACH,
          now);
    } else {
      out.changed(s);
    }
    if (step < MAX_STEPS) {
      out.schedule(new Timer(s.loggedAt + policy.sla(s.urgency()).toMillis() * (step + 1), Timer.Kind.ESCALATE,
          m.region, s.requestId, Integer.toString(step + 1)));
    }
  }

  /**
   * Moves a waiting request now; an offered one moves only if its offer ends without a local
   * taker, so this step records the breach (or the alert) and the move waits.
   */
  private void moveOrDefer(Outcome out, Market m, RequestState s, String target, String why, String done,
      String pending, StatusKind kind, EscalationStep step, Instant now) {
    if (s.isWaiting()) {
      lifecycle.move(out, m, s, target, why + done + target, kind, step, now);
    } else {
      s.pendingMoveTo = target;
      s.pendingMoveReason = why + done + target;
      s.pendingMoveStep = step;
      // The alert goes out now even though the move waits.
      EscalationStep recorded = kind == StatusKind.ALERT ? EscalationStep.SUPERVISOR_ALERT : EscalationStep.SLA_BREACH;
      escalated(out, m, s, why + pending + target + " if offer " + s.offerId + " is not accepted", kind, recorded, now);
    }
  }

  private void relax(Outcome out, Market m, RequestState s, String reason, StatusKind kind, Instant now) {
    s.specialtyRelaxed = true;
    if (kind == StatusKind.ESCALATION) {
      escalated(out, m, s, reason, kind, EscalationStep.SPECIALTY_RELAXED, now);
    } else {
      out.changed(s);
      lifecycle.emitStatus(out, s, s.status, reason, s.offerId, s.offerTo, null, m.region, kind,
          EscalationStep.SPECIALTY_RELAXED, now);
    }
    if (s.isWaiting()) {
      lifecycle.place(out, m, s, now);
    }
  }

  /** An escalation step: status ESCALATED (a waiting request stays ESCALATED until offered). */
  private void escalated(Outcome out, Market m, RequestState s, String reason, StatusKind kind, EscalationStep step,
      Instant now) {
    if (s.isWaiting()) {
      s.status = RequestStatus.ESCALATED;
    }
    out.changed(s);
    lifecycle.emitStatus(out, s, RequestStatus.ESCALATED, reason, s.offerId, s.offerTo, null, m.region, kind, step,
        now);
  }
}

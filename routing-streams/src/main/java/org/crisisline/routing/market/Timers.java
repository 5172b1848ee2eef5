package org.crisisline.routing.market;

import java.time.Instant;
import java.util.Optional;
import org.crisisline.events.AlertReason;
import org.crisisline.events.EscalationStep;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.StatusKind;
import org.crisisline.routing.rules.EscalationLadder;
import org.crisisline.routing.rules.EscalationLadder.Decision;
import org.crisisline.routing.rules.SpecialtyRelaxation;

/**
 * What happens when a deadline passes: an offer times out (responder set AWAY, next
 * responder), an SLA breach takes the next step of the {@link EscalationLadder}, specialty
 * preference is relaxed after its wait ({@link SpecialtyRelaxation}), a request's TTL ends
 * (EXPIRED), an alert's step ends unacknowledged ({@link Paging}), a service does not answer a
 * referral in time ({@link Referrals#answerDue}). Timers carry out the rules'
 * decisions and word the reasons people read.
 */
final class Timers {
  private final RoutingPolicy policy;
  private final Lifecycle lifecycle;

  Timers(RoutingPolicy policy, Lifecycle lifecycle) {
    this.policy = policy;
    this.lifecycle = lifecycle;
  }

  void fire(Outcome out, Market m, RequestState s, Timer t, Instant now) {
    switch (t.kind()) {
      case OFFER_TIMEOUT -> {
        if (s.isOffered() && s.offers.containsKey(t.ref())) {
          timeout(out, m, s, t.ref(), now);
        }
      }
      case ESCALATE -> {
        if ((s.isWaiting() || s.isOffered()) && !beforeHandBack(s, t, Integer.parseInt(t.ref()))) {
          escalate(out, m, s, Integer.parseInt(t.ref()), now);
        }
      }
      case RELAX_SPECIALTY -> {
        if ((s.isWaiting() || s.isOffered()) && !s.specialtyRelaxed) {
          relax(out, m, s, "specialty preference relaxed after waiting "
              + policy.specialtyRelaxation().after().toSeconds() + "s", null, now);
        }
      }
      case TTL -> {
        // A referral handed to peer support lives a fresh TTL: the one from logging no longer applies.
        if ((s.isWaiting() || s.isOffered()) && (s.handedBackAt == 0
            || now.toEpochMilli() >= s.handedBackAt + policy.ttl(s.urgency()).toMillis())) {
          lifecycle.close(out, m, s, RequestStatus.EXPIRED, "not accepted within its TTL of "
              + policy.ttl(s.urgency()).toSeconds() + "s", now);
          lifecycle.followUps.expired(out, m, s, now);
        }
      }
      case PAGE_STEP -> lifecycle.paging.onTimer(out, m, s, t, now);
      case REFERRAL_ANSWER_DUE -> lifecycle.referrals.answerDue(out, m, s, t.ref(), now);
      case ACCEPTED_TTL -> {
        if (s.status == RequestStatus.ACCEPTED && t.ref().equals(s.acceptedOfferId)) {
          lifecycle.close(out, m, s, RequestStatus.EXPIRED, "accepted but not completed within "
              + policy.acceptedTtl().toSeconds() + "s", now);
          lifecycle.followUps.expired(out, m, s, now);
        }
      }
      default -> { }
    }
  }

  /**
   * A breach timer of the lifetime before a referral was handed to peer support (the hand-back
   * starts a fresh ladder): due before it, or a step the request has already taken.
   */
  private static boolean beforeHandBack(RequestState s, Timer t, int breach) {
    return s.handedBackAt > 0 && (t.dueAt() < s.handedBackAt || breach <= s.escalationLevel);
  }

  /** The responder let the offer time out: they go AWAY (reason shown), the request moves on. */
  void timeout(Outcome out, Market m, RequestState s, String offerId, Instant now) {
    String to = s.offers.get(offerId).responderId();
    ResponderState r = m.responders.get(to);
    String reason = "offer " + offerId + " timed out after " + policy.offerTimeout(s.urgency()).toSeconds()
        + "s; responder " + to + " set AWAY";
    String awayReason = "missed offer " + offerId + " (no answer in "
        + policy.offerTimeout(s.urgency()).toSeconds() + "s)";
    if (r != null) {
      // Out of matching first, so the re-offer below cannot pick them for something else.
      r.status = ResponderStatus.AWAY;
      r.statusReason = awayReason;
      m.reindex(r);
    }
    lifecycle.endOffer(out, m, s, offerId, "timed out", reason, true, now);
    if (r != null) {
      lifecycle.setUnavailable(out, m, r, ResponderStatus.AWAY, awayReason, now);
    }
  }

  /** An SLA breach: takes the step {@link EscalationLadder} decides, and schedules the next breach. */
  void escalate(Outcome out, Market m, RequestState s, int breach, Instant now) {
    s.escalationLevel = Math.max(s.escalationLevel, breach);
    EscalationLadder.Situation situation = new EscalationLadder.Situation(breach, s.urgency(),
        s.waitsForSpecialist(policy), s.rolledOver, s.alerted, policy.backupRegion(m.region),
        policy.emergencyRegion().filter(e -> !e.equals(m.region)));
    Optional<Decision> decision = policy.escalationLadder().at(situation);
    String because = "SLA of " + policy.sla(s.urgency()).toSeconds() + "s breached (step " + breach + ")";
    if (decision.isEmpty()) {
      out.changed(s);
    } else if (decision.get() instanceof Decision.RelaxSpecialty d) {
      relax(out, m, s, because + ": specialty relaxed", d, now);
    } else if (decision.get() instanceof Decision.RollOver d) {
      s.rolledOver = true;
      moveOrDefer(out, m, s, d.region(), because + ": ", "rolled over to backup region ",
          "will roll over to backup region ", d, d.kind(), now);
    } else if (decision.get() instanceof Decision.AlertSupervisor d) {
      s.alerted = true;
      // Raised before any move, so the moved copy carries the alert. One ALERT status per request:
      // when an earlier trigger raised the alert, this step is recorded as an escalation.
      boolean raised = lifecycle.paging.raise(out, m, s, AlertReason.ESCALATION, null, now);
      StatusKind kind = raised ? d.kind() : StatusKind.ESCALATION;
      String alert = (raised ? "SUPERVISOR ALERT: " : "supervisors already alerted: ") + "imminent risk unassigned; "
          + because;
      if (d.moveTo().isPresent()) {
        moveOrDefer(out, m, s, d.moveTo().get(), alert + ": ", "moved to emergency pool ",
            "will move to emergency pool ", d, kind, now);
      } else {
        escalated(out, m, s, alert, kind, d.step(), now);
      }
    } else {
      escalated(out, m, s, because + ": no escalation step left", decision.get().kind(), decision.get().step(), now);
    }
    if (EscalationLadder.hasBreachAfter(breach)) {
      out.schedule(s, new Timer(EscalationLadder.breachAt(s.lifetimeStart(), policy.sla(s.urgency()), breach + 1),
          Timer.Kind.ESCALATE, m.region, s.requestId, Integer.toString(breach + 1)));
    }
  }

  /**
   * Moves a waiting request now. An offered one moves only if its offer ends without a local
   * taker: this event records the breach (an alert still goes out now) and the move waits.
   */
  private void moveOrDefer(Outcome out, Market m, RequestState s, String target, String because, String done,
      String pending, Decision d, StatusKind kind, Instant now) {
    if (s.isWaiting()) {
      lifecycle.move(out, m, s, target, because + done + target, kind, d.step(), now);
    } else {
      s.pendingMoveTo = target;
      s.pendingMoveReason = because + done + target;
      s.pendingMoveStep = d.step();
      EscalationStep recorded = d instanceof Decision.AlertSupervisor ? EscalationStep.SUPERVISOR_ALERT
          : EscalationStep.SLA_BREACH;
      escalated(out, m, s, because + pending + target + " if offer " + String.join(", ", s.offers.keySet())
          + " is not accepted", kind, recorded, now);
    }
  }

  /** Drops the specialty preference: at a breach ({@code breach} set) or when its own wait ends. */
  private void relax(Outcome out, Market m, RequestState s, String reason, Decision.RelaxSpecialty breach,
      Instant now) {
    s.specialtyRelaxed = true;
    if (breach != null) {
      escalated(out, m, s, reason, breach.kind(), breach.step(), now);
    } else {
      out.changed(s);
      lifecycle.emitStatus(out, s, s.status, reason, s.firstOfferId(), s.firstOfferTo(), null, m.region,
          StatusKind.TRANSITION, EscalationStep.SPECIALTY_RELAXED, now);
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
    lifecycle.emitStatus(out, s, RequestStatus.ESCALATED, reason, s.firstOfferId(), s.firstOfferTo(), null, m.region,
        kind, step, now);
  }
}

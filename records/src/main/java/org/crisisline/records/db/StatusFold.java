package org.crisisline.records.db;

import java.time.Instant;
import org.crisisline.events.EscalationStep;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.StatusKind;

/**
 * The status events of one request within one batch, folded with the very operators the upsert
 * merges with, so writing the fold once equals writing each event in turn: the first region seen,
 * the earliest time of each milestone, flags that only turn on, and the latest status by its time
 * (a later event of the same time wins, as the events' order says).
 */
final class StatusFold {
  final String requestId;
  String statusRegion;
  Instant accepted;
  Instant cancelled;
  Instant expired;
  Instant completed;
  // REFERRED is no longer terminal (with a service, waiting for its answer; again at each next
  // service): referred_at keeps the first. A service's accept is referral_accepted_at; the outcome
  // events it reports later (kind REFERRAL_OUTCOME, same status) do not move it.
  Instant referred;
  Instant referralAccepted;
  boolean escalated;
  boolean rolledOver;
  boolean alerted;
  RequestStatus status;
  Instant statusAt;
  private boolean hasStatus;

  StatusFold(String requestId) {
    this.requestId = requestId;
  }

  void add(RequestStatusChanged s) {
    Instant at = s.occurredAt();
    boolean transition = s.kind() == StatusKind.TRANSITION;
    RequestStatus st = s.status();
    statusRegion = statusRegion != null ? statusRegion : s.region();
    accepted = earliest(accepted, transition && st == RequestStatus.ACCEPTED ? at : null);
    cancelled = earliest(cancelled, st == RequestStatus.CANCELLED ? at : null);
    expired = earliest(expired, st == RequestStatus.EXPIRED ? at : null);
    completed = earliest(completed, st == RequestStatus.COMPLETED ? at : null);
    referred = earliest(referred, st == RequestStatus.REFERRED ? at : null);
    referralAccepted = earliest(referralAccepted, transition && st == RequestStatus.REFERRAL_ACCEPTED ? at : null);
    boolean escalation = s.kind() == StatusKind.ESCALATION;
    escalated |= escalation;
    rolledOver |= escalation && s.escalationStep() == EscalationStep.ROLLED_OVER;
    alerted |= s.kind() == StatusKind.ALERT || s.escalationStep() == EscalationStep.SUPERVISOR_ALERT;
    // As "status_at IS NULL OR status_at <= at" in SQL: a null time replaces only a null time.
    if (!hasStatus || statusAt == null || (at != null && !at.isBefore(statusAt))) {
      status = st;
      statusAt = at;
      hasStatus = true;
    }
  }

  /** SQL's LEAST: nulls ignored. */
  private static Instant earliest(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }
}

package org.crisisline.events;

/**
 * The step of routing's escalation ladder a {@link RequestStatusChanged} records, when it records
 * one (null otherwise).
 */
public enum EscalationStep {
  /** The SLA was breached and no step of the ladder is left (or the step waits for an offer to end). */
  SLA_BREACH,
  /** Specialty preferences are dropped: any responder of the pool may take the request. */
  SPECIALTY_RELAXED,
  /** The request moved to its region's backup region ({@code region} is the new one). */
  ROLLED_OVER,
  /** The request moved to the emergency pool's region ({@code region} is the new one). */
  MOVED_TO_POOL,
  /** Supervisors are alerted; there is no emergency pool to move the request to. */
  SUPERVISOR_ALERT
}

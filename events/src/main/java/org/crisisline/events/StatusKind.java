package org.crisisline.events;

/**
 * What a {@link RequestStatusChanged} records, as data, so that nobody reads it from the reason
 * text (the reason is for people). Records written before the field existed read as
 * {@link #TRANSITION}.
 */
public enum StatusKind {
  /** A lifecycle step: logged, offered, re-queued after an offer ended, accepted, referred, closed. */
  TRANSITION,
  /**
   * The outstanding offer was withdrawn because its responder became unavailable (AWAY, OFFLINE,
   * left the region). They did not refuse it, so they may be offered the request again later.
   */
  OFFER_WITHDRAWN,
  /** An answer (accept, decline, completion) that was refused: the status is repeated unchanged. */
  ANSWER_REJECTED,
  /** A step of the escalation ladder after an SLA breach; {@code escalationStep} says which. */
  ESCALATION,
  /** Supervisors are alerted (an IMMINENT_RISK request still unassigned); once per request. */
  ALERT,
  /** A service reported the outcome of a referral it accepted; the status is unchanged. */
  REFERRAL_OUTCOME,
  /**
   * Caring contacts: follow-ups of this ended request were scheduled, or one came due and was
   * logged as its own routed request (whose {@code requestId} the reason names); the status is unchanged.
   */
  FOLLOW_UP
}

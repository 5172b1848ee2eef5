package org.crisisline.events;

import java.time.Instant;

/**
 * The accepting responder closed the request; frees their capacity. The structured wrap-up:
 * {@code disposition} (code; null when none was given), {@code riskScreen} (the C-SSRS screener
 * answers, null when not screened), {@code riskLevel} (derived from it by {@link CssrsTriage}, null
 * when not screened), {@code safetyPlan} and {@code activeRescue} (null when not said). All codes,
 * in clear. {@code note} is the responder's own words, sealed for field {@value #NOTE_FIELD} of this
 * request, or null. Records written before the code existed carried a clear-text {@code outcome}:
 * it is no longer read.
 */
public record RequestCompleted(
    String eventId,
    Instant occurredAt,
    String requestId,
    String responderId,
    Disposition disposition,
    Sealed note,
    RiskScreen riskScreen,
    RiskLevel riskLevel,
    Boolean safetyPlan,
    Boolean activeRescue)
    implements AnswerEvent {
  /** The field name a completion note is sealed under. */
  public static final String NOTE_FIELD = "completionNote";

  public RequestCompleted {
    // The level is the rule's, never the sender's: recomputed from the screen when there is one.
    riskLevel = riskScreen == null ? riskLevel : riskScreen.level();
  }

  /** A completion with a disposition and a note only (no screen, no safety plan or rescue said). */
  public RequestCompleted(
      String eventId, Instant occurredAt, String requestId, String responderId, Disposition disposition, Sealed note) {
    this(eventId, occurredAt, requestId, responderId, disposition, note, null, null, null, null);
  }
}

package org.crisisline.records.domain;

import java.time.Instant;
import java.util.List;

/**
 * A request as the records database holds it: what intake answers for a request by id once the
 * request left intake's memory. Codes, times and routing's timeline only; never contact details
 * or notes. Enum values are kept as their names (the database may hold codes newer than this code).
 */
public record ArchivedRequest(
    String requestId, String status, String urgency, String need, String referralKind, String region,
    String language, String channel, Instant loggedAt, String intakeRiskLevel, WrapUp wrapUp,
    List<Step> timeline) {

  public ArchivedRequest {
    timeline = List.copyOf(timeline);
  }

  /** The completion's codes; null when the request was not completed. */
  public record WrapUp(String disposition, String riskLevel, Boolean safetyPlan, Boolean activeRescue,
      Instant completedAt) {}

  /** One routing transition, as the live timeline shows it ({@code eventId}: its status event's id). */
  public record Step(String eventId, String status, String kind, String escalationStep, Instant at, String reason, String offerId,
      String responderId, String serviceId, String policyVersion) {}
}

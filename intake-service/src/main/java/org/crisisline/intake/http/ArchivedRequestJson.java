package org.crisisline.intake.http;

import java.util.Map;
import org.crisisline.records.domain.ArchivedRequest;

/**
 * The body of {@code GET /api/v1/requests/{id}} for a request read from the records database
 * (older than intake's recent window): the same shape as a live one ({@link RequestJson}). The
 * completion's C-SSRS answers are not kept there, so {@code wrapUp.riskScreen} is null; its level is.
 */
final class ArchivedRequestJson {
  private ArchivedRequestJson() {}

  static Map<String, Object> of(ArchivedRequest r) {
    Map<String, Object> m = RequestJson.summary(r.requestId(), r.status(), r.urgency(), r.need(), r.referralKind(),
        r.region(), r.language(), r.channel(), r.loggedAt());
    ArchivedRequest.WrapUp w = r.wrapUp();
    m.put("riskLevel", w != null && w.riskLevel() != null ? w.riskLevel() : r.intakeRiskLevel());
    m.put("wrapUp", w == null ? null
        : RequestJson.wrapUp(w.disposition(), w.riskLevel(), null, w.safetyPlan(), w.activeRescue(), w.completedAt()));
    m.put("timeline", r.timeline().stream().map(t -> RequestJson.step(t.status(), t.kind(), t.escalationStep(),
        t.at(), t.reason(), t.policyVersion(), t.offerId(), t.responderId(), t.serviceId())).toList());
    return m;
  }
}

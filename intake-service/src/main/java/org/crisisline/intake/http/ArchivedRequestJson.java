package org.crisisline.intake.http;

import java.util.LinkedHashMap;
import java.util.Map;
import org.crisisline.records.domain.ArchivedRequest;

/**
 * The body of {@code GET /api/v1/requests/{id}} for a request read from the records database
 * (older than intake's recent window): the same shape as a live one. The completion's C-SSRS
 * answers are not kept there, so {@code wrapUp.riskScreen} is null; its level is.
 */
final class ArchivedRequestJson {
  private ArchivedRequestJson() {}

  static Map<String, Object> of(ArchivedRequest r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("requestId", r.requestId());
    m.put("status", r.status());
    m.put("urgency", r.urgency());
    m.put("need", r.need());
    m.put("referralKind", r.referralKind());
    m.put("region", r.region());
    m.put("language", r.language());
    m.put("channel", r.channel());
    m.put("loggedAt", r.loggedAt());
    ArchivedRequest.WrapUp w = r.wrapUp();
    m.put("riskLevel", w != null && w.riskLevel() != null ? w.riskLevel() : r.intakeRiskLevel());
    if (w == null) {
      m.put("wrapUp", null);
    } else {
      Map<String, Object> wrap = new LinkedHashMap<>();
      wrap.put("disposition", w.disposition());
      wrap.put("riskLevel", w.riskLevel());
      wrap.put("riskScreen", null);
      wrap.put("safetyPlan", w.safetyPlan());
      wrap.put("activeRescue", w.activeRescue());
      wrap.put("completedAt", w.completedAt());
      m.put("wrapUp", wrap);
    }
    m.put("timeline", r.timeline().stream().map(ArchivedRequestJson::step).toList());
    return m;
  }

  private static Map<String, Object> step(ArchivedRequest.Step t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", t.status());
    m.put("kind", t.kind());
    if (t.escalationStep() != null) {
      m.put("escalationStep", t.escalationStep());
    }
    m.put("at", t.at());
    m.put("reason", t.reason());
    if (t.policyVersion() != null) {
      m.put("policyVersion", t.policyVersion());
    }
    if (t.offerId() != null) {
      m.put("offerId", t.offerId());
    }
    if (t.responderId() != null) {
      m.put("responderId", t.responderId());
    }
    if (t.serviceId() != null) {
      m.put("serviceId", t.serviceId());
    }
    return m;
  }
}

package org.crisisline.intake.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crisisline.events.JsonSerde;
import org.crisisline.events.RequestCompleted;
import org.crisisline.intake.view.RequestRecord;

/**
 * The JSON shapes of a request as {@code GET /api/v1/requests} answers it: one place for the
 * summary, the wrap-up and a timeline step, whether the request comes from intake's view or from
 * the records database ({@link ArchivedRequestJson}), so both answer in the same shape.
 */
final class RequestJson {
  private RequestJson() {}

  /** The summary of a live request: what lists and the detail view share. */
  static Map<String, Object> summary(RequestRecord r) {
    var l = r.logged();
    return summary(r.requestId(), r.status(), l.urgency(), l.need(), l.referralKind(), l.region(), l.language(),
        l.channel(), l.occurredAt());
  }

  static Map<String, Object> summary(String requestId, Object status, Object urgency, Object need,
      Object referralKind, String region, String language, Object channel, Instant loggedAt) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("requestId", requestId);
    m.put("status", status);
    m.put("urgency", urgency);
    m.put("need", need);
    m.put("referralKind", referralKind);
    m.put("region", region);
    m.put("language", language);
    m.put("channel", channel);
    m.put("loggedAt", loggedAt);
    return m;
  }

  static Map<String, Object> wrapUp(RequestCompleted c) {
    return wrapUp(c.disposition(), c.riskLevel(), c.riskScreen(), c.safetyPlan(), c.activeRescue(), c.occurredAt());
  }

  static Map<String, Object> wrapUp(Object disposition, Object riskLevel, Object riskScreen, Object safetyPlan,
      Object activeRescue, Instant completedAt) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("disposition", disposition);
    m.put("riskLevel", riskLevel);
    m.put("riskScreen", riskScreen);
    m.put("safetyPlan", safetyPlan);
    m.put("activeRescue", activeRescue);
    m.put("completedAt", completedAt);
    return m;
  }

  static Map<String, Object> step(RequestRecord.TimelineEntry t) {
    return step(t.status(), t.kind(), t.escalationStep(), t.at(), t.reason(), t.policyVersion(), t.offerId(),
        t.responderId(), t.serviceId());
  }

  /** One timeline step; the optional fields only when set. */
  static Map<String, Object> step(Object status, Object kind, Object escalationStep, Instant at,
      String reason, String policyVersion, String offerId, String responderId, String serviceId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status);
    m.put("kind", kind);
    putIfSet(m, "escalationStep", escalationStep);
    m.put("at", at);
    m.put("reason", reason);
    putIfSet(m, "policyVersion", policyVersion);
    putIfSet(m, "offerId", offerId);
    putIfSet(m, "responderId", responderId);
    putIfSet(m, "serviceId", serviceId);
    return m;
  }

  private static void putIfSet(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  static String toJson(Object o) {
    try {
      return JsonSerde.MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode response", e);
    }
  }
}

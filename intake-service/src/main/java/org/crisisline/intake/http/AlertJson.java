package org.crisisline.intake.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.crisisline.intake.view.AlertRecord;

/**
 * An alert as the API and the dashboard's stream show it (the {@code Alert} schema of
 * openapi.yaml): no caller details, only what routing put on the alert, who was paged (with their
 * name from the on-call directory where it has them) on which channel and when, and who
 * acknowledged it. A page not yet reported by the notifier is one row with no channel.
 */
public final class AlertJson {
  private final Function<String, Optional<String>> names;

  public AlertJson(Function<String, Optional<String>> names) {
    this.names = names;
  }

  public Map<String, Object> of(AlertRecord a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("alertId", a.alertId());
    m.put("code", a.code());
    m.put("requestId", a.requestId());
    m.put("region", a.region());
    m.put("urgency", a.urgency());
    m.put("reason", a.reason());
    m.put("state", a.state());
    m.put("step", a.step());
    m.put("attempt", a.attempt());
    m.put("raisedAt", a.raisedAt());
    m.put("waitingSince", a.waitingSince());
    m.put("acknowledgedBy", a.acknowledgedBy());
    m.put("acknowledgedByName", a.acknowledgedBy() == null ? null : name(a.acknowledgedBy()));
    m.put("acknowledgedVia", a.acknowledgedVia());
    m.put("acknowledgedAt", a.acknowledgedAt());
    m.put("resolvedAt", a.resolvedAt());
    m.put("resolution", a.resolution());
    m.put("pages", pages(a));
    return m;
  }

  private List<Map<String, Object>> pages(AlertRecord a) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (AlertRecord.Page p : a.pages()) {
      if (p.deliveries().isEmpty()) {
        rows.add(row(p, null, null, p.pagedAt()));
      }
      for (AlertRecord.Delivery d : p.deliveries()) {
        rows.add(row(p, d.channel().name(), d.outcome().name(), d.at()));
      }
    }
    return rows;
  }

  private Map<String, Object> row(AlertRecord.Page p, String channel, String outcome, Object at) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("to", p.userId());
    m.put("name", name(p.userId()));
    m.put("channel", channel);
    m.put("outcome", outcome);
    m.put("at", at);
    m.put("step", p.step());
    m.put("attempt", p.attempt());
    return m;
  }

  private String name(String userId) {
    return names.apply(userId).orElse(userId);
  }
}

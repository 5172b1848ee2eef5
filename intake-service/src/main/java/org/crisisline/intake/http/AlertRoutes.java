package org.crisisline.intake.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crisisline.events.AlertVia;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.domain.FieldError;
import org.crisisline.intake.view.AlertRecord;
import org.crisisline.intake.view.AlertView;

/**
 * Alerts for supervisors. GET /api/v1/alerts?state=open|all (default open) lists them, open
 * first then newest; POST /api/v1/alerts/{alertId}/ack asks routing to acknowledge one as the
 * signed-in supervisor ({@code alert-acks}, via API): 202 once written, 404 unknown, 409 when it
 * is no longer open or an acknowledgement is already on its way. Both are audited.
 */
public final class AlertRoutes implements Routes {
  private final Guard guard;
  private final AlertView alerts;
  private final AlertAcks acks;
  private final AlertJson json;
  private final Audit audit;

  public AlertRoutes(Guard guard, AlertView alerts, AlertAcks acks, AlertJson json, Audit audit) {
    this.guard = guard;
    this.alerts = alerts;
    this.acks = acks;
    this.json = json;
    this.audit = audit;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/v1/alerts").handler(guard.roles(Principal.SUPERVISOR)).handler(this::list);
    router.post("/api/v1/alerts/:alertId/ack").handler(guard.roles(Principal.SUPERVISOR))
        .handler(MediaType.json(true)).handler(this::ack);
  }

  private void list(RoutingContext ctx) {
    String state = ctx.request().getParam("state");
    if (state != null && !state.equals("open") && !state.equals("all")) {
      Http.problem(ctx, 400, "Invalid request", "Bad state.", List.of(new FieldError("state", "must be open or all")));
      return;
    }
    boolean openOnly = state == null || state.equals("open");
    audit.ok(ctx, "alert.list", "alert", "*");
    Http.json(ctx, 200, alerts.list(openOnly).stream().map(json::of).toList());
  }

  private void ack(RoutingContext ctx) {
    String alertId = ctx.pathParam("alertId");
    Optional<AlertRecord> alert = alertId.length() > 64 ? Optional.empty() : alerts.get(alertId);
    if (alert.isEmpty()) {
      Http.problem(ctx, 404, "Not found", "No such alert.");
      return;
    }
    Principal who = Guard.principal(ctx);
    acks.request(alert.get(), who.username(), AlertVia.API, ctx.vertx().getOrCreateContext()).onComplete(ar -> {
      AlertAcks.Outcome outcome = ar.succeeded() ? ar.result() : AlertAcks.Outcome.FAILED;
      switch (outcome) {
        case REQUESTED -> {
          audit.ok(ctx, "alert.ack", "alert", alertId);
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("alertId", alertId);
          body.put("requestId", alert.get().requestId());
          body.put("status", "ACKNOWLEDGEMENT_REQUESTED");
          Http.json(ctx, 202, body);
        }
        case UNKNOWN -> Http.problem(ctx, 404, "Not found", "No such alert.");
        case NOT_OPEN -> {
          audit.denied(ctx, "alert.ack", "alert", alertId);
          Http.problem(ctx, 409, "Conflict", "This alert is no longer open.");
        }
        case ALREADY_REQUESTED -> Http.problem(ctx, 409, "Conflict", "An acknowledgement of this alert is already on its way.");
        default -> Http.problem(ctx, 503, "Not recorded", "The acknowledgement could not be stored; retry.");
      }
    });
  }
}

package org.crisisline.intake.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.domain.FieldError;
import org.crisisline.intake.domain.ResourceIds;
import org.crisisline.intake.view.AuditView;

/**
 * GET /api/v1/audit?resourceId=&limit= (supervisor, admin; never staff or responders): who read
 * or changed what, newest first, from the recent-audit view of the {@code audit} topic. Reading
 * the trail is itself audited ({@code audit.read}, keyed by the resourceId asked for) and, like a
 * read of caller details, answered only once that record is stored.
 */
public final class AuditRoutes implements Routes {
  private final Guard guard;
  private final AuditView auditTrail;
  private final Audit audit;

  public AuditRoutes(Guard guard, AuditView auditTrail, Audit audit) {
    this.guard = guard;
    this.auditTrail = auditTrail;
    this.audit = audit;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/v1/audit").handler(guard.roles(Principal.SUPERVISOR, Principal.ADMIN)).handler(this::list);
  }

  private void list(RoutingContext ctx) {
    String resourceId = ctx.request().getParam("resourceId");
    String limitParam = ctx.request().getParam("limit", "100");
    int limit;
    try {
      limit = Integer.parseInt(limitParam);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > 1000 || (resourceId != null && !ResourceIds.valid(resourceId) && !resourceId.contains(":"))) {
      Http.problem(ctx, 400, "Invalid request", "limit is 1..1000; resourceId an id.",
          List.of(new FieldError(limit < 1 || limit > 1000 ? "limit" : "resourceId", "out of range or malformed")));
      return;
    }
    int max = limit;
    audit.required(ctx, "audit.read", "audit", resourceId).onComplete(ar -> {
      if (ar.failed()) {
        ctx.response().putHeader("Retry-After", "2");
        Http.problem(ctx, 503, "Not audited", "The read could not be recorded on the audit trail; retry.");
        return;
      }
      Http.json(ctx, 200, auditTrail.find(resourceId, max));
    });
  }
}

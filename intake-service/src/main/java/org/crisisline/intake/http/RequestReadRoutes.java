package org.crisisline.intake.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.domain.FieldError;
import org.crisisline.intake.view.HandoffTimeline;
import org.crisisline.intake.view.RequestRecord;
import org.crisisline.intake.view.RequestView;
import org.crisisline.records.Records;

/**
 * Reading requests. GET /api/v1/requests/{id} (staff, supervisor) answers from intake's request
 * view, and for a request older than its recent window from the records database, in the same
 * shape ({@link RequestJson}); ?mine=today (staff) lists the caller's own from the view's index.
 */
public final class RequestReadRoutes implements Routes {
  private final Guard guard;
  private final RequestView requests;
  private final Audit audit;
  private final Clock clock;
  private volatile Records archive;

  public RequestReadRoutes(Guard guard, RequestView requests, Audit audit, Clock clock) {
    this.guard = guard;
    this.requests = requests;
    this.audit = audit;
    this.clock = clock;
  }

  /** Read requests no longer in memory from the records database; null = none. Called once, before mounting. */
  public RequestReadRoutes withArchive(Records archive) {
    this.archive = archive;
    return this;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/v1/requests").handler(guard.roles(Principal.STAFF)).handler(this::mine);
    router.get("/api/v1/requests/:id").handler(guard.roles(Principal.STAFF, Principal.SUPERVISOR))
        .handler(this::read);
  }

  private void read(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    var found = requests.get(id);
    if (found.isEmpty() && archive != null) {
      fromArchive(ctx, id);
      return;
    }
    if (found.isEmpty()) {
      Http.problem(ctx, 404, "Not found", "No such request.");
      return;
    }
    audit.ok(ctx, "request.read", "request", id);
    Map<String, Object> body = RequestJson.summary(found.get());
    var wrapUp = requests.wrapUp(id);
    // The completion's screen; before it, the one staff recorded at intake, if any.
    var atIntake = found.get().logged().riskScreen();
    body.put("riskLevel", wrapUp.map(w -> w.riskLevel()).orElse(atIntake == null ? null : atIntake.level()));
    body.put("wrapUp", wrapUp.map(RequestJson::wrapUp).orElse(null));
    body.put("parentRequestId", found.get().logged().parentRequestId());
    var children = requests.handedOnTo(id);
    body.put("handedOnTo", children.stream().map(c -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("requestId", c.requestId());
      m.put("need", c.need());
      m.put("referralKind", c.referralKind());
      m.put("at", c.occurredAt());
      return m;
    }).toList());
    body.put("timeline", HandoffTimeline.merged(found.get(), children,
        found.get().timeline().stream().map(RequestJson::step).toList()));
    Http.json(ctx, 200, body);
  }

  /** A request older than the recent window (or unknown): the records database answers. */
  private void fromArchive(RoutingContext ctx, String id) {
    Records db = archive;
    ctx.vertx().executeBlocking(() -> db.queries().request(id), false).onComplete(ar -> {
      if (ar.failed()) {
        Http.problem(ctx, 503, "Request unavailable", "The contact-record database did not answer; retry.");
      } else if (ar.result().isEmpty()) {
        Http.problem(ctx, 404, "Not found", "No such request.");
      } else {
        audit.ok(ctx, "request.read", "request", id);
        Http.json(ctx, 200, ArchivedRequestJson.of(ar.result().get()));
      }
    });
  }

  private void mine(RoutingContext ctx) {
    if (!"today".equals(ctx.request().getParam("mine"))) {
      Http.problem(ctx, 400, "Invalid request", "Only ?mine=today is supported.",
          List.of(new FieldError("mine", "must be today")));
      return;
    }
    Principal who = Guard.principal(ctx);
    Instant now = clock.instant();
    Instant since = now.atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    List<RequestRecord> held = requests.loggedBy(who.username(), since);
    if (archive == null || requests.holdsEverythingSince(since, now)) {
      audit.ok(ctx, "request.list", "request", "mine:" + who.username());
      Http.json(ctx, 200, held.stream().map(RequestJson::summary).toList());
      return;
    }
    // The window is shorter than the day so far: what left memory is in the records database.
    Records db = archive;
    ctx.vertx().executeBlocking(() -> db.queries().loggedBy(who.username(), since), false).onComplete(ar -> {
      if (ar.failed()) {
        Http.problem(ctx, 503, "Requests unavailable", "The contact-record database did not answer; retry.");
        return;
      }
      audit.ok(ctx, "request.list", "request", "mine:" + who.username());
      Http.json(ctx, 200, MineToday.merged(held, ar.result()));
    });
  }
}

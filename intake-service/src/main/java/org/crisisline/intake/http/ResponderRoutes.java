package org.crisisline.intake.http;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crisisline.events.Ids;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.ResponderStatusChanged;
import org.crisisline.events.Topics;
import org.crisisline.intake.auth.DemoAccounts;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.domain.FieldError;
import org.crisisline.intake.domain.InvalidInput;
import org.crisisline.intake.domain.ResourceIds;
import org.crisisline.intake.domain.ResponderInput;
import org.crisisline.intake.kafka.EventPublisher;
import org.crisisline.intake.view.OfferView;
import org.crisisline.intake.view.ResponderView;

/**
 * Responders. GET /api/v1/responders (supervisor, admin) reads the view, GET
 * /api/v1/responders/{id} one of them (that responder, supervisor, admin), both with the
 * effective status, including an AWAY routing set after a missed offer; PUT
 * /api/v1/responders/{id} (admin) writes {@code responders}; PUT /api/v1/responders/{id}/status
 * (that responder, a supervisor, or admin — the local stack seeds statuses as admin) writes
 * {@code responder-status}. Writes apply to the view on ack, so the next call sees them.
 */
public final class ResponderRoutes implements Routes {
  private final Guard guard;
  private final OpenApiBodies openApi;
  private final ResponderView responders;
  private final OfferView offers;
  private final EventPublisher publisher;
  private final Audit audit;
  private final Clock clock;

  public ResponderRoutes(Guard guard, OpenApiBodies openApi, ResponderView responders, OfferView offers,
      EventPublisher publisher, Audit audit, Clock clock) {
    this.guard = guard;
    this.openApi = openApi;
    this.responders = responders;
    this.offers = offers;
    this.publisher = publisher;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/v1/responders").handler(guard.roles(Principal.SUPERVISOR, Principal.ADMIN)).handler(this::list);
    router.get("/api/v1/responders/:id")
        .handler(guard.roles(Principal.RESPONDER, Principal.SUPERVISOR, Principal.ADMIN)).handler(this::one);
    router.put("/api/v1/responders/:id").handler(guard.roles(Principal.ADMIN)).handler(MediaType.json(false))
        .handler(openApi.handler("putResponder",
            (ctx, body) -> ResponderInput.profile(ctx.pathParam("id"), body, "check", clock.instant())))
        .handler(this::putProfile);
    router.put("/api/v1/responders/:id/status")
        .handler(guard.roles(Principal.RESPONDER, Principal.SUPERVISOR, Principal.ADMIN)).handler(MediaType.json(false))
        .handler(openApi.handler("putResponderStatus", (ctx, body) -> ResponderInput.status(body)))
        .handler(this::putStatus);
  }

  private void list(RoutingContext ctx) {
    var list = responders.all().stream().map(this::view).toList();
    audit.ok(ctx, "responder.list", "responder", "*");
    Http.json(ctx, 200, list);
  }

  private void one(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Principal who = Guard.principal(ctx);
    if (!mayActFor(who, id)) {
      audit.denied(ctx, "responder.read", "responder", id);
      Http.problem(ctx, 403, "Forbidden", "A responder may read only their own profile.");
      return;
    }
    var entry = responders.entry(id);
    if (entry.isEmpty()) {
      Http.problem(ctx, 404, "Not found", "No such responder.");
      return;
    }
    audit.ok(ctx, "responder.read", "responder", id);
    Http.json(ctx, 200, view(entry.get()));
  }

  private static boolean mayActFor(Principal who, String responderId) {
    boolean self = who.responderId() != null && who.responderId().equals(responderId);
    return self || who.has(Principal.SUPERVISOR) || who.has(Principal.ADMIN);
  }

  private void putProfile(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!ResourceIds.valid(id)) {
      Http.problem(ctx, 400, "Invalid request", "Bad responder id.",
          List.of(new FieldError("id", "must match " + ResourceIds.RESOURCE_ID.pattern())));
      return;
    }
    if (DemoAccounts.RESERVED.contains(id)) {
      Http.problem(ctx, 400, "Invalid request", "That id is reserved for a staff account.",
          List.of(new FieldError("id", "is reserved")));
      return;
    }
    ResponderProfile profile;
    try {
      profile = ResponderInput.profile(id, Http.body(ctx), Ids.newId(), clock.instant());
    } catch (InvalidInput e) {
      Http.invalid(ctx, e);
      return;
    }
    boolean existed = responders.profile(id).isPresent();
    Future.fromCompletionStage(publisher.send(Topics.RESPONDERS, id, profile), ctx.vertx().getOrCreateContext())
        .onComplete(ar -> {
          if (ar.failed()) {
            Http.problem(ctx, 503, "Not recorded", "The profile could not be stored; retry.");
            return;
          }
          responders.apply(id, profile);
          audit.ok(ctx, existed ? "responder.update" : "responder.create", "responder", id);
          Http.json(ctx, existed ? 200 : 201, view(responders.entry(id).orElse(new ResponderView.Entry(profile, null))));
        });
  }

  private void putStatus(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Principal who = Guard.principal(ctx);
    if (!mayActFor(who, id)) {
      audit.denied(ctx, "responder.status", "responder", id);
      Http.problem(ctx, 403, "Forbidden", "A responder may set only their own status.");
      return;
    }
    ResponderInput.StatusChange change;
    try {
      change = ResponderInput.status(Http.body(ctx));
    } catch (InvalidInput e) {
      Http.invalid(ctx, e);
      return;
    }
    if (responders.profile(id).isEmpty()) {
      Http.problem(ctx, 404, "Not found", "No such responder.");
      return;
    }
    ResponderStatusChanged event = new ResponderStatusChanged(Ids.newId(), clock.instant(), id,
        change.status(), change.reason(), who.username());
    Future.fromCompletionStage(publisher.send(Topics.RESPONDER_STATUS, id, event), ctx.vertx().getOrCreateContext())
        .onComplete(ar -> {
          if (ar.failed()) {
            Http.problem(ctx, 503, "Not recorded", "The status could not be stored; retry.");
            return;
          }
          responders.apply(event);
          audit.ok(ctx, "responder.status", "responder", id);
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("responderId", id);
          body.put("status", event.status());
          body.put("statusReason", event.reason());
          body.put("changedAt", event.occurredAt());
          Http.json(ctx, 200, body);
        });
  }

  /** The responder as supervisors and the responder see it: no contact details. */
  private Map<String, Object> view(ResponderView.Entry e) {
    ResponderProfile p = e.profile();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("responderId", p.responderId());
    m.put("displayName", p.displayName());
    m.put("kind", p.kind());
    m.put("region", p.region());
    m.put("languages", p.languages());
    m.put("specialties", p.specialties());
    m.put("capacity", p.capacity());
    m.put("channels", p.channels());
    m.put("active", p.active());
    m.put("status", e.status() == null ? "OFFLINE" : e.status().status());
    m.put("statusReason", e.status() == null ? null : offers.withOfferCodes(e.status().reason(), p.responderId()));
    m.put("statusChangedAt", e.status() == null ? null : e.status().occurredAt());
    m.put("statusChangedBy", e.status() == null ? null : e.status().changedBy());
    return m;
  }
}

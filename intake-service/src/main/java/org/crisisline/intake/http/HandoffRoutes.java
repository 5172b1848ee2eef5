package org.crisisline.intake.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.DataErasedException;
import org.crisisline.events.DataKeyWrapped;
import org.crisisline.events.DataKeys;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.Sealed;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.domain.HandoffInput;
import org.crisisline.intake.domain.IdempotencyStore;
import org.crisisline.intake.domain.InvalidInput;
import org.crisisline.intake.view.RequestRecord;
import org.crisisline.intake.view.RequestView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hand on: POST /api/v1/requests/{id}/handoff. The responder who accepted a request, while it is
 * ACCEPTED, logs a linked request (its {@code parentRequestId}) for peer support or a referral,
 * through the same path as staff's requests ({@link RequestWrites}): {@code help-requests} and the
 * response kept for the Idempotency-Key in one transaction, so a retry or a double click logs one
 * child. The child carries the parent's region, language, age group, specialties, postal code,
 * caller key and caller contact with its consent (re-sealed for the child: a sealed field is
 * bound to its request); the responder's note is sealed as the child's summary. Routing routes
 * the child like any other request.
 */
public final class HandoffRoutes implements Routes {
  private static final Logger LOG = LoggerFactory.getLogger(HandoffRoutes.class);
  private final Guard guard;
  private final OpenApiBodies openApi;
  private final RequestView requests;
  private final RequestWrites writes;
  private final DataKeys cipher;
  private final Audit audit;
  private final Clock clock;

  public HandoffRoutes(Guard guard, OpenApiBodies openApi, RequestView requests, RequestWrites writes, DataKeys cipher,
      Audit audit, Clock clock) {
    this.guard = guard;
    this.openApi = openApi;
    this.requests = requests;
    this.writes = writes;
    this.cipher = cipher;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.post("/api/v1/requests/:id/handoff").handler(guard.roles(Principal.RESPONDER)).handler(MediaType.json(false))
        .handler(openApi.handler("handOnRequest", (ctx, body) -> HandoffInput.parse(body)))
        .handler(this::handOn);
  }

  private void handOn(RoutingContext ctx) {
    String key = RequestWrites.key(ctx, "A hand-on");
    if (key == null) {
      return;
    }
    byte[] body = Http.body(ctx);
    HandoffInput input;
    try {
      input = HandoffInput.parse(body);
    } catch (InvalidInput e) {
      Http.invalid(ctx, e);
      return;
    }
    Optional<RequestRecord> found = requests.get(ctx.pathParam("id"));
    if (found.isEmpty()) {
      Http.problem(ctx, 404, "Not found", "No such request.");
      return;
    }
    RequestRecord parent = found.get();
    Principal who = Guard.principal(ctx);
    if (who.responderId() == null || !who.responderId().equals(parent.acceptedBy())) {
      audit.denied(ctx, "request.handoff", "request", parent.requestId());
      Http.problem(ctx, 403, "Forbidden", "Only the responder who accepted this request can hand the person on.");
      return;
    }
    Instant now = clock.instant();
    // The key is scoped to the parent too: one key cannot hand on two different requests. A replay is
    // answered before the status is checked: a retry after the request moved on still gets its child's id.
    String scoped = IdempotencyStore.scope(who.username(), "handoff:" + parent.requestId() + ":" + key);
    IdempotencyStore.Proceed claim = writes.claim(ctx, scoped, body, now, "hand-on");
    if (claim == null) {
      return;
    }
    if (parent.status() != RequestStatus.ACCEPTED) {
      writes.release(claim);
      Http.problem(ctx, 409, "Not in progress", "The request is " + parent.status() + "; only an accepted request can be handed on.");
      return;
    }
    publish(ctx, who, parent, input, claim, now);
  }

  private void publish(RoutingContext ctx, Principal who, RequestRecord parent, HandoffInput in,
      IdempotencyStore.Proceed claim, Instant now) {
    HelpRequestLogged p = parent.logged();
    String childId = writes.newRequestId(p.region());
    HelpRequestLogged child;
    DataKeyWrapped dataKey = cipher.create(childId, now);
    try {
      child = new HelpRequestLogged(Ids.newId(), now, childId, p.channel(),
          in.urgency() != null ? in.urgency() : p.urgency(), in.need(), in.referralKind(), p.language(), p.region(),
          p.postalCode(), p.ageGroup(), p.specialties(), cipher.seal("summary", childId, in.note()),
          reseal("callerContact", p.requestId(), childId, p.callerContact()), p.consentToContact(), who.username(),
          p.callerKey(), null, in.serviceId(), p.requestId());
    } catch (DataErasedException e) {
      writes.release(claim);
      Http.problem(ctx, 410, "Erased", "The caller's data was erased; the request cannot be handed on with it.");
      return;
    } catch (RuntimeException e) {
      // Names no value: the parent's contact was sealed under a key this intake no longer holds.
      writes.release(claim);
      LOG.error("hand-on of request {} failed: the caller contact cannot be re-sealed ({})", p.requestId(),
          e.getClass().getSimpleName());
      Http.problem(ctx, 503, "Cannot open", "The caller's sealed contact cannot be opened with the current keys.");
      return;
    }
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("requestId", childId);
    response.put("parentRequestId", p.requestId());
    response.put("need", in.need());
    response.put("status", "QUEUED");
    response.put("statusUrl", "/api/v1/requests/" + childId);
    writes.write(ctx, child, dataKey, claim, response, now, "hand-on", () -> {
      LOG.info("request {} handed on to {} by {}: {} {}", p.requestId(), childId, who.username(), in.need(),
          in.referralKind());
      audit.ok(ctx, "request.handoff", "request", p.requestId());
    }, e -> LOG.error("hand-on of request {} not recorded: {}", p.requestId(), e.getClass().getSimpleName()));
  }

  /** A sealed field opened for the parent and sealed again for the child; null stays null. */
  private Sealed reseal(String field, String fromRequest, String toRequest, Sealed sealed) {
    if (sealed == null) {
      return null;
    }
    String plain = cipher.open(field, fromRequest, sealed);
    return plain == null ? null : cipher.seal(field, toRequest, plain);
  }
}

package org.crisisline.intake.http;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.crisisline.events.FollowUpCancelReason;
import org.crisisline.events.FollowUpCancelRequested;
import org.crisisline.events.FollowUpRequested;
import org.crisisline.events.IdempotencyRecord;
import org.crisisline.events.Ids;
import org.crisisline.events.DataKeys;
import org.crisisline.events.Topics;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.domain.FollowUpInput;
import org.crisisline.intake.domain.IdempotencyStore;
import org.crisisline.intake.domain.InvalidInput;
import org.crisisline.intake.kafka.EventPublisher;
import org.crisisline.intake.view.FollowUpRecord;
import org.crisisline.intake.view.FollowUpView;
import org.crisisline.intake.view.RequestRecord;
import org.crisisline.intake.view.RequestView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request's caring contacts: add a follow-up ({@link FollowUpRequested}), list them, cancel one
 * ({@link FollowUpCancelRequested}), all on {@code offer-answers} for routing to decide. Who may: staff,
 * supervisors and the responder who accepted the request (403 otherwise). Adding needs the caller's
 * consent, not withdrawn (409 saying which); the note is sealed under the followed request's data key,
 * so erasing the caller erases it too (field {@value #NOTE_FIELD}{@code /<followUpId>}, bound to the
 * followed request: {@link #noteField}). The follow-up's id is derived from the Idempotency-Key, so a
 * retry names the same follow-up even after a failed write. The list shows notes only to those who may
 * read the request's details (a supervisor, the accepting responder).
 */
public final class FollowUpRoutes implements Routes {
  public static final String NOTE_FIELD = "followUpNote";

  /** The sealed field of one follow-up's note: bound to that follow-up and to the request it follows up. */
  public static String noteField(String followUpId) {
    return NOTE_FIELD + "/" + followUpId;
  }
  private static final Logger LOG = LoggerFactory.getLogger(FollowUpRoutes.class);
  private final Guard guard;
  private final OpenApiBodies openApi;
  private final RequestView requests;
  private final FollowUpView followUps;
  private final RequestWrites writes;
  private final IdempotencyStore idempotency;
  private final EventPublisher publisher;
  private final DataKeys cipher;
  private final Audit audit;
  private final Clock clock;

  public FollowUpRoutes(Guard guard, OpenApiBodies openApi, RequestView requests, FollowUpView followUps,
      RequestWrites writes, IdempotencyStore idempotency, EventPublisher publisher, DataKeys cipher, Audit audit,
      Clock clock) {
    this.guard = guard;
    this.openApi = openApi;
    this.requests = requests;
    this.followUps = followUps;
    this.writes = writes;
    this.idempotency = idempotency;
    this.publisher = publisher;
    this.cipher = cipher;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    String[] roles = {Principal.STAFF, Principal.SUPERVISOR, Principal.RESPONDER};
    router.post("/api/v1/requests/:id/followups").handler(guard.roles(roles)).handler(MediaType.json(false))
        .handler(openApi.handler("addFollowUp", (ctx, body) -> FollowUpInput.parse(body, clock.instant())))
        .handler(this::add);
    router.get("/api/v1/requests/:id/followups").handler(guard.roles(roles)).handler(this::list);
    router.delete("/api/v1/requests/:id/followups/:followupId").handler(guard.roles(roles)).handler(this::cancel);
  }

  /** The request, when the caller may follow it up; else answered (404, 403) and empty. */
  private Optional<RequestRecord> followable(RoutingContext ctx, String action) {
    Optional<RequestRecord> found = requests.get(ctx.pathParam("id"));
    if (found.isEmpty()) {
      Http.problem(ctx, 404, "Not found", "No such request.");
      return found;
    }
    Principal who = Guard.principal(ctx);
    boolean accepting = who.responderId() != null && who.responderId().equals(found.get().acceptedBy());
    if (!accepting && !who.has(Principal.STAFF) && !who.has(Principal.SUPERVISOR)) {
      audit.denied(ctx, action, "request", found.get().requestId());
      Http.problem(ctx, 403, "Forbidden", "Only staff, a supervisor or the responder who accepted this request can"
          + " follow it up.");
      return Optional.empty();
    }
    return found;
  }

  private void add(RoutingContext ctx) {
    String key = RequestWrites.key(ctx, "Adding a follow-up");
    if (key == null) {
      return;
    }
    byte[] body = Http.body(ctx);
    Instant now = clock.instant();
    FollowUpInput in;
    try {
      in = FollowUpInput.parse(body, now);
    } catch (InvalidInput e) {
      Http.invalid(ctx, e);
      return;
    }
    Optional<RequestRecord> found = followable(ctx, "followup.add");
    if (found.isEmpty()) {
      return;
    }
    RequestRecord r = found.get();
    String why = FollowUpView.isFollowUp(r.logged()) ? "This request is itself a follow-up; add one to request "
        + r.logged().parentRequestId() + "."
        : !r.logged().consentToContact() ? "The caller did not consent to be contacted."
        : followUps.consentWithdrawn(r.requestId(), r.logged().callerKey())
            ? "The caller withdrew consent to be contacted." : null;
    if (why != null) {
      Http.problem(ctx, 409, "Cannot follow up", why);
      return;
    }
    Principal who = Guard.principal(ctx);
    String scoped = IdempotencyStore.scope(who.username(), "followup:" + r.requestId() + ":" + key);
    IdempotencyStore.Proceed claim = writes.claim(ctx, scoped, body, now, "follow-up");
    if (claim == null) {
      return;
    }
    String followUpId = UUID.nameUUIDFromBytes(("follow-up:" + scoped).getBytes(StandardCharsets.UTF_8)).toString();
    FollowUpRequested event = new FollowUpRequested(
        UUID.nameUUIDFromBytes(("follow-up-requested:" + scoped).getBytes(StandardCharsets.UTF_8)).toString(), now,
        r.requestId(), followUpId, in.dueAt(), cipher.seal(noteField(followUpId), r.requestId(), in.note()), actor(who));
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("requestId", r.requestId());
    response.put("followUpId", followUpId);
    response.put("dueAt", in.dueAt().toString());
    response.put("status", "REQUESTED");
    response.put("followUpsUrl", "/api/v1/requests/" + r.requestId() + "/followups");
    IdempotencyRecord kept = IdempotencyStore.record(claim, 202, RequestJson.toJson(response), Ids.newId(), now);
    // The follow-up first, then the kept response: a retry after a failure between the two writes the
    // same follow-up (same id) again, which routing schedules once.
    Future.fromCompletionStage(publisher.send(Topics.OFFER_ANSWERS, r.requestId(), event)
        .thenCompose(m -> publisher.send(Topics.IDEMPOTENCY_KEYS, kept.scopedKey(), kept)),
        ctx.vertx().getOrCreateContext()).onComplete(ar -> {
          if (ar.failed()) {
            idempotency.abandon(claim.scopedKey());
            LOG.error("follow-up of request {} not recorded: {}", r.requestId(), ar.cause().getClass().getSimpleName());
            ctx.response().putHeader("Retry-After", "2");
            Http.problem(ctx, 503, "Not recorded", "The follow-up could not be stored; retry with the same Idempotency-Key.");
            return;
          }
          idempotency.complete(kept);
          audit.ok(ctx, "followup.add", "request", r.requestId());
          Http.json(ctx, 202, response);
        });
  }

  private void list(RoutingContext ctx) {
    Optional<RequestRecord> found = followable(ctx, "followup.list");
    if (found.isEmpty()) {
      return;
    }
    RequestRecord r = found.get();
    Principal who = Guard.principal(ctx);
    boolean mayReadNotes = who.has(Principal.SUPERVISOR)
        || (who.responderId() != null && who.responderId().equals(r.acceptedBy()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("requestId", r.requestId());
    body.put("consentToContact", r.logged().consentToContact());
    body.put("consentWithdrawn", followUps.consentWithdrawn(r.requestId(), r.logged().callerKey()));
    body.put("followUps", followUps.of(r.requestId()).stream().map(f -> json(f, mayReadNotes)).toList());
    audit.ok(ctx, "followup.list", "request", r.requestId());
    Http.json(ctx, 200, body);
  }

  private Map<String, Object> json(FollowUpRecord f, boolean withNote) {
    Map<String, Object> m = FollowUpJson.of(f);
    if (withNote && f.note() != null) {
      String note;
      try {
        note = cipher.open(noteField(f.followUpId()), f.requestId(), f.note());
      } catch (IllegalStateException e) {
        // Names no value: a key that rotated away, or the caller was erased. The follow-up still shows.
        LOG.warn("note of follow-up {} cannot be opened", f.followUpId());
        note = null;
      }
      m.put("note", note);
    }
    return m;
  }

  private void cancel(RoutingContext ctx) {
    Optional<RequestRecord> found = followable(ctx, "followup.cancel");
    if (found.isEmpty()) {
      return;
    }
    RequestRecord r = found.get();
    String followUpId = ctx.pathParam("followupId");
    Optional<FollowUpRecord> f = followUps.get(followUpId).filter(x -> x.requestId().equals(r.requestId()));
    if (f.isEmpty()) {
      Http.problem(ctx, 404, "Not found", "No such follow-up of this request.");
      return;
    }
    if (f.get().state().isFinal()) {
      Http.problem(ctx, 409, "Already finished", "The follow-up is " + f.get().state() + ".");
      return;
    }
    Principal who = Guard.principal(ctx);
    FollowUpCancelRequested event = new FollowUpCancelRequested(Ids.newId(), clock.instant(), r.requestId(), followUpId,
        FollowUpCancelReason.CANCELLED, actor(who));
    Future.fromCompletionStage(publisher.send(Topics.OFFER_ANSWERS, r.requestId(), event),
        ctx.vertx().getOrCreateContext()).onComplete(ar -> {
          if (ar.failed()) {
            Http.problem(ctx, 503, "Not recorded", "The cancellation could not be stored; retry.");
            return;
          }
          audit.ok(ctx, "followup.cancel", "request", r.requestId());
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("requestId", r.requestId());
          m.put("followUpId", followUpId);
          m.put("status", "CANCELLATION_REQUESTED");
          m.put("followUpsUrl", "/api/v1/requests/" + r.requestId() + "/followups");
          Http.json(ctx, 202, m);
        });
  }

  /** Who asked: the responder id of a responder, else the user name (staff, supervisors). */
  private static String actor(Principal who) {
    return who.responderId() != null ? who.responderId() : who.username();
  }
}

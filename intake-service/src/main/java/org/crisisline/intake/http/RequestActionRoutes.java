package org.crisisline.intake.http;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.crisisline.events.CancelReason;
import org.crisisline.events.Ids;
import org.crisisline.events.JsonSerde;
import org.crisisline.events.DataErasedException;
import org.crisisline.events.DataKeys;
import org.crisisline.events.RequestCancelled;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.Topics;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.domain.ClosingWords;
import org.crisisline.intake.domain.InvalidInput;
import org.crisisline.intake.domain.WrapUp;
import org.crisisline.intake.kafka.EventPublisher;
import org.crisisline.intake.view.FollowUpView;
import org.crisisline.intake.view.RequestRecord;
import org.crisisline.intake.view.RequestView;
import org.crisisline.records.Records;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a logged request next. Cancel and complete carry a code; the person's own words
 * are sealed for the request before they leave intake ({@link ClosingWords}). Cancel (staff) writes {@link RequestCancelled} to
 * {@code help-requests}; complete (the accepting responder only) writes {@link RequestCompleted}
 * to {@code offer-answers}; details (the accepting responder, supervisors) opens the sealed
 * summary, caller contact and closing notes — the only place PII is decrypted — and shows them only once the
 * read is stored on the audit trail (503 otherwise). The accepting responder reads them only while
 * the request is theirs and for CRISISLINE_DETAILS_GRACE_SECONDS after it moved on (completed,
 * cancelled, re-offered), then 403.
 */
public final class RequestActionRoutes implements Routes {
  private static final Logger LOG = LoggerFactory.getLogger(RequestActionRoutes.class);
  private final Guard guard;
  private final OpenApiBodies openApi;
  private final RequestView requests;
  private final EventPublisher publisher;
  private final DataKeys cipher;
  private final ClosingNotes notes;
  private final Audit audit;
  private final Clock clock;
  private final Duration detailsGrace;
  private volatile Records archive;

  public RequestActionRoutes(Guard guard, OpenApiBodies openApi, RequestView requests,
      EventPublisher publisher, DataKeys cipher, Audit audit, Clock clock, Duration detailsGrace) {
    this.detailsGrace = detailsGrace;
    this.guard = guard;
    this.openApi = openApi;
    this.requests = requests;
    this.publisher = publisher;
    this.cipher = cipher;
    this.notes = new ClosingNotes(requests, cipher);
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.post("/api/v1/requests/:id/cancel").handler(guard.roles(Principal.STAFF)).handler(MediaType.json(true))
        .handler(openApi.handler("cancelRequest", (ctx, body) -> ClosingWords.reason(body, CancelReason.class)))
        .handler(this::cancel);
    router.post("/api/v1/requests/:id/complete").handler(guard.roles(Principal.RESPONDER)).handler(MediaType.json(true))
        .handler(openApi.handler("completeRequest", (ctx, body) -> WrapUp.parse(body)))
        .handler(this::complete);
    router.get("/api/v1/requests/:id/details").handler(guard.roles(Principal.RESPONDER, Principal.SUPERVISOR))
        .handler(this::details);
  }

  /** Tell requests finished before intake's recent window from unknown ones; null = no records database. */
  public RequestActionRoutes withArchive(Records archive) {
    this.archive = archive;
    return this;
  }

  private Optional<RequestRecord> find(RoutingContext ctx) {
    Optional<RequestRecord> r = requests.get(ctx.pathParam("id"));
    if (r.isEmpty()) {
      notHeld(ctx, ctx.pathParam("id"));
    }
    return r;
  }

  /**
   * A request not in memory: finished before the recent window (a cancel or completion is then 409,
   * as for any finished request; its details were never in the database: 404) or unknown (404).
   */
  private void notHeld(RoutingContext ctx, String id) {
    Records db = archive;
    if (db == null || ctx.request().method() == io.vertx.core.http.HttpMethod.GET) {
      Http.problem(ctx, 404, "Not found", "No such request.");
      return;
    }
    ctx.vertx().executeBlocking(() -> db.queries().request(id), false).onComplete(ar -> {
      if (ar.failed()) {
        Http.problem(ctx, 503, "Request unavailable", "The contact-record database did not answer; retry.");
      } else if (ar.result().isPresent()) {
        Http.problem(ctx, 409, "Already finished", "The request is " + ar.result().get().status() + ".");
      } else {
        Http.problem(ctx, 404, "Not found", "No such request.");
      }
    });
  }

  private void cancel(RoutingContext ctx) {
    ClosingWords<CancelReason> why;
    try {
      why = ClosingWords.reason(Http.body(ctx), CancelReason.class);
    } catch (InvalidInput e) {
      Http.invalid(ctx, e);
      return;
    }
    Optional<RequestRecord> found = find(ctx);
    if (found.isEmpty()) {
      return;
    }
    RequestRecord r = found.get();
    if (r.status().isTerminal()) {
      Http.problem(ctx, 409, "Already finished", "The request is " + r.status() + ".");
      return;
    }
    RequestCancelled event = new RequestCancelled(Ids.newId(), clock.instant(), r.requestId(),
        Guard.principal(ctx).username(), why.code(), notes.seal(r, RequestCancelled.NOTE_FIELD, why.note()));
    Future.fromCompletionStage(publisher.send(Topics.HELP_REQUESTS, r.requestId(), event),
        ctx.vertx().getOrCreateContext()).onComplete(ar -> {
          if (ar.failed()) {
            Http.problem(ctx, 503, "Not recorded", "The cancellation could not be stored; retry.");
            return;
          }
          requests.apply(event);
          audit.ok(ctx, "request.cancel", "request", r.requestId());
          Http.json(ctx, 202, accepted(r.requestId(), "CANCELLATION_REQUESTED"));
        });
  }

  private void complete(RoutingContext ctx) {
    WrapUp how;
    try {
      how = WrapUp.parse(Http.body(ctx));
    } catch (InvalidInput e) {
      Http.invalid(ctx, e);
      return;
    }
    Optional<RequestRecord> found = find(ctx);
    if (found.isEmpty()) {
      return;
    }
    RequestRecord r = found.get();
    Principal who = Guard.principal(ctx);
    if (who.responderId() == null || !who.responderId().equals(r.acceptedBy())) {
      audit.denied(ctx, "request.complete", "request", r.requestId());
      Http.problem(ctx, 403, "Forbidden", "Only the responder who accepted this request can complete it.");
      return;
    }
    if (r.status() != RequestStatus.ACCEPTED) {
      Http.problem(ctx, 409, "Not in progress", "The request is " + r.status() + ".");
      return;
    }
    if (FollowUpView.isFollowUp(r.logged())) {
      // Its outcome decides whether the caller is tried again: a wrap-up would lose that.
      Http.problem(ctx, 409, "A follow-up", "Record how the follow-up went: POST /api/v1/requests/" + r.requestId()
          + "/followup-outcome.");
      return;
    }
    RequestCompleted event = new RequestCompleted(Ids.newId(), clock.instant(), r.requestId(),
        who.responderId(), how.disposition(), notes.seal(r, RequestCompleted.NOTE_FIELD, how.note()),
        how.riskScreen(), how.riskLevel(), how.safetyPlan(), how.activeRescue());
    Future.fromCompletionStage(publisher.send(Topics.OFFER_ANSWERS, r.requestId(), event),
        ctx.vertx().getOrCreateContext()).onComplete(ar -> {
          if (ar.failed()) {
            Http.problem(ctx, 503, "Not recorded", "The completion could not be stored; retry.");
            return;
          }
          requests.apply(event);
          audit.ok(ctx, "request.complete", "request", r.requestId());
          Http.json(ctx, 202, accepted(r.requestId(), "COMPLETION_REQUESTED"));
        });
  }

  private void details(RoutingContext ctx) {
    Optional<RequestRecord> found = find(ctx);
    if (found.isEmpty()) {
      return;
    }
    RequestRecord r = found.get();
    Principal who = Guard.principal(ctx);
    Instant theirsUntil = who.responderId() == null ? null : r.theirsUntil(who.responderId());
    boolean accepting = theirsUntil != null
        && (theirsUntil == Instant.MAX || clock.instant().isBefore(theirsUntil.plus(detailsGrace)));
    if (!who.has(Principal.SUPERVISOR) && !accepting) {
      audit.denied(ctx, "request.details.read", "request", r.requestId());
      Http.problem(ctx, 403, "Forbidden", "Only the accepting responder or a supervisor can read the details.");
      return;
    }
    if (cipher.erased(r.logged())) {
      erased(ctx);
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("requestId", r.requestId());
    if (FollowUpView.isFollowUp(r.logged())) {
      body.put("followUpOf", r.logged().parentRequestId());
    }
    try {
      body.put("summary", cipher.open("summary", r.requestId(), r.logged().summary()));
      // A follow-up carries the followed request's contact, sealed for that request; only the peer
      // specialist who accepted the follow-up sees it (a supervisor reads it on the followed request).
      boolean followUp = FollowUpView.isFollowUp(r.logged());
      String contact = !followUp ? cipher.open("callerContact", r.requestId(), r.logged().callerContact())
          : accepting ? cipher.open("callerContact", r.logged().parentRequestId(), r.logged().callerContact()) : null;
      body.put("callerContact", contact == null ? null : JsonSerde.MAPPER.readTree(contact));
      body.put("notes", notes.open(r.requestId(), who));
    } catch (DataErasedException e) {
      erased(ctx);
      return;
    } catch (Exception e) {
      // Names no value: a key that rotated away, or a record sealed by another keyring.
      Http.problem(ctx, 503, "Cannot open", "The sealed details cannot be opened with the current keys.");
      return;
    }
    // Fail closed: the details are shown only once the read is on the audit trail.
    audit.required(ctx, "request.details.read", "request", r.requestId()).onComplete(ar -> {
      if (ar.failed()) {
        LOG.error("details of request {} withheld from {}: the audit write failed", r.requestId(), who.username());
        ctx.response().putHeader("Retry-After", "2");
        Http.problem(ctx, 503, "Not audited", "The read could not be recorded on the audit trail; retry.");
        return;
      }
      Http.json(ctx, 200, body);
    });
  }

  /** 410: the caller asked to be forgotten and their data keys were destroyed; codes still count. */
  static void erased(RoutingContext ctx) {
    Http.problem(ctx, 410, "Erased", "The caller's data was erased: the details of this request can no longer be read.");
  }

  private static Map<String, Object> accepted(String requestId, String state) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("requestId", requestId);
    m.put("status", state);
    m.put("statusUrl", "/api/v1/requests/" + requestId);
    return m;
  }
}

package org.crisisline.intake.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.crisisline.events.CallerContact;
import org.crisisline.events.CallerKeys;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.IdempotencyRecord;
import org.crisisline.events.Ids;
import org.crisisline.events.JsonSerde;
import org.crisisline.events.PiiCipher;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.domain.FieldError;
import org.crisisline.intake.domain.IdempotencyStore;
import org.crisisline.intake.domain.InvalidInput;
import org.crisisline.intake.domain.NewRequest;
import org.crisisline.intake.domain.RequestValidator;
import org.crisisline.intake.kafka.RequestLog;
import org.crisisline.intake.view.HandoffTimeline;
import org.crisisline.intake.view.RequestRecord;
import org.crisisline.intake.view.RequestView;
import org.crisisline.records.Records;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging and reading requests. POST /api/v1/requests (staff) writes {@code help-requests}
 * (key requestId, {@link HelpRequestLogged} with summary and caller contact sealed) and, in the
 * same transaction, its first response to {@code idempotency-keys}; it answers 202 only once
 * that transaction committed.
 * GET /api/v1/requests/{id} (staff, supervisor) and ?mine=today (staff) read the request view.
 */
public final class RequestRoutes implements Routes {
  private static final Logger LOG = LoggerFactory.getLogger(RequestRoutes.class);
  private final Guard guard;
  private final OpenApiBodies openApi;
  private final RequestView requests;
  private final IdempotencyStore idempotency;
  private final RequestLog requestLog;
  private final PiiCipher cipher;
  private final Audit audit;
  private final MeterRegistry metrics;
  private final Clock clock;
  private final RequestValidator validator;
  private volatile CallerKeys callerKeys;
  private volatile Records archive;

  public RequestRoutes(Guard guard, OpenApiBodies openApi, RequestValidator validator, RequestView requests,
      IdempotencyStore idempotency, RequestLog requestLog, PiiCipher cipher, Audit audit,
      MeterRegistry metrics, Clock clock) {
    this.guard = guard;
    this.openApi = openApi;
    this.validator = validator;
    this.requests = requests;
    this.idempotency = idempotency;
    this.requestLog = requestLog;
    this.cipher = cipher;
    this.audit = audit;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Recognise callers: each logged request carries the keyed hash of its caller's phone
   * ({@link CallerKeys}); null keys = none. Called once, before mounting.
   */
  public RequestRoutes withCallerKeys(CallerKeys keys) {
    this.callerKeys = keys;
    return this;
  }

  /** Read requests no longer in memory from the records database; null = none. Called once, before mounting. */
  public RequestRoutes withArchive(Records archive) {
    this.archive = archive;
    return this;
  }

  @Override
  public void mount(Router router) {
    router.post("/api/v1/requests").handler(guard.roles(Principal.STAFF)).handler(MediaType.json(false))
        .handler(openApi.handler("logRequest", (ctx, body) -> validator.validate(body))).handler(this::create);
    router.get("/api/v1/requests").handler(guard.roles(Principal.STAFF)).handler(this::mine);
    router.get("/api/v1/requests/:id").handler(guard.roles(Principal.STAFF, Principal.SUPERVISOR))
        .handler(this::read);
  }

  private void create(RoutingContext ctx) {
    Principal who = Guard.principal(ctx);
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key == null) {
      Http.problem(ctx, 400, "Idempotency-Key required", "POST /api/v1/requests needs an Idempotency-Key header.",
          List.of(new FieldError("Idempotency-Key", "header is required")));
      return;
    }
    if (!IdempotencyStore.validKey(key)) {
      Http.problem(ctx, 400, "Invalid Idempotency-Key", "1 to 255 visible ASCII characters.",
          List.of(new FieldError("Idempotency-Key", "must be 1..255 visible ASCII characters")));
      return;
    }
    byte[] body = Http.body(ctx);
    NewRequest request;
    try {
      request = validator.validate(body);
    } catch (InvalidInput e) {
      Http.invalid(ctx, e);
      return;
    }
    Instant now = clock.instant();
    String scoped = IdempotencyStore.scope(who.username(), key);
    IdempotencyStore.Decision decision = idempotency.begin(scoped, body, now);
    if (decision instanceof IdempotencyStore.Replay r) {
      replay(ctx, r.original());
    } else if (decision instanceof IdempotencyStore.Mismatch) {
      Http.problem(ctx, 422, "Idempotency-Key reused", "This Idempotency-Key was used with a different request body.");
    } else if (decision instanceof IdempotencyStore.InFlight) {
      ctx.response().putHeader("Retry-After", "1");
      Http.problem(ctx, 409, "Request in progress", "A request with this Idempotency-Key is still being processed.");
    } else if (decision instanceof IdempotencyStore.Proceed p) {
      publish(ctx, who, request, p, now);
    }
  }

  private void publish(RoutingContext ctx, Principal who, NewRequest r, IdempotencyStore.Proceed claim, Instant now) {
    String requestId = Ids.newId();
    CallerContact contact = r.callerContact();
    HelpRequestLogged event = new HelpRequestLogged(Ids.newId(), now, requestId, r.channel(), r.urgency(), r.need(),
        r.referralKind(), r.language(), r.region(), r.postalCode(), r.ageGroup(), r.specialties(),
        cipher.seal("summary", requestId, r.summary()),
        contact == null ? null : cipher.seal("callerContact", requestId, contactJson(contact)),
        contact != null && contact.consentToContact(), who.username(),
        callerKeys == null || contact == null || contact.phone() == null ? null : callerKeys.of(contact.phone()),
        r.riskScreen(), r.serviceId(), null);
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("requestId", requestId);
    response.put("status", "QUEUED");
    response.put("statusUrl", "/api/v1/requests/" + requestId);
    IdempotencyRecord kept = IdempotencyStore.record(claim, 202, toJson(response), Ids.newId(), now);
    // Request and kept response commit together: never one without the other.
    CompletableFuture<Void> done = requestLog.record(event, kept).thenRun(() -> {
      requests.apply(event);
      idempotency.complete(kept);
    });
    Future.fromCompletionStage(done, ctx.vertx().getOrCreateContext()).onComplete(ar -> {
      if (ar.failed()) {
        idempotency.abandon(claim.scopedKey());
        LOG.error("help request not recorded: {}", ar.cause().getClass().getSimpleName());
        ctx.response().putHeader("Retry-After", "2");
        Http.problem(ctx, 503, "Not recorded", "The request could not be stored; retry with the same Idempotency-Key.");
        return;
      }
      io.micrometer.core.instrument.Counter.builder("crisisline_intake_requests_logged")
          .description("Help requests logged (written to help-requests)").register(metrics).increment();
      LOG.info("request {} logged by {}: {} {} {} in {}", requestId, who.username(), r.urgency(), r.need(),
          r.channel(), r.region());
      audit.ok(ctx, "request.create", "request", requestId);
      ctx.response().putHeader("Location", "/api/v1/requests/" + requestId);
      Http.json(ctx, 202, response);
    });
  }

  private static void replay(RoutingContext ctx, IdempotencyRecord original) {
    ctx.response().setStatusCode(original.responseStatus()).putHeader("Content-Type", "application/json")
        .putHeader("Idempotent-Replayed", "true").end(original.responseBody());
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
    Map<String, Object> body = summary(found.get());
    var wrapUp = requests.wrapUp(id);
    // The completion's screen; before it, the one staff recorded at intake, if any.
    var atIntake = found.get().logged().riskScreen();
    body.put("riskLevel", wrapUp.map(w -> w.riskLevel()).orElse(atIntake == null ? null : atIntake.level()));
    body.put("wrapUp", wrapUp.map(RequestRoutes::wrapUp).orElse(null));
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
        found.get().timeline().stream().map(RequestRoutes::entry).toList()));
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
    Instant since = clock.instant().atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    var list = requests.loggedBy(who.username(), since).stream().map(RequestRoutes::summary).toList();
    audit.ok(ctx, "request.list", "request", "mine:" + who.username());
    Http.json(ctx, 200, list);
  }

  static Map<String, Object> summary(RequestRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    var l = r.logged();
    m.put("requestId", r.requestId());
    m.put("status", r.status());
    m.put("urgency", l.urgency());
    m.put("need", l.need());
    m.put("referralKind", l.referralKind());
    m.put("region", l.region());
    m.put("language", l.language());
    m.put("channel", l.channel());
    m.put("loggedAt", l.occurredAt());
    return m;
  }

  private static Map<String, Object> wrapUp(org.crisisline.events.RequestCompleted c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("disposition", c.disposition());
    m.put("riskLevel", c.riskLevel());
    m.put("riskScreen", c.riskScreen());
    m.put("safetyPlan", c.safetyPlan());
    m.put("activeRescue", c.activeRescue());
    m.put("completedAt", c.occurredAt());
    return m;
  }

  private static Map<String, Object> entry(RequestRecord.TimelineEntry t) {
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

  private static String contactJson(CallerContact c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("phone", c.phone());
    m.put("email", c.email());
    m.put("consentToContact", c.consentToContact());
    return toJson(m);
  }

  static String toJson(Object o) {
    try {
      return JsonSerde.MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode response", e);
    }
  }
}

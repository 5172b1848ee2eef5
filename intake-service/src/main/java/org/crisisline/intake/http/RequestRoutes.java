package org.crisisline.intake.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crisisline.events.CallerContact;
import org.crisisline.events.CallerKeys;
import org.crisisline.events.DataKeyWrapped;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.DataKeys;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.domain.IdempotencyStore;
import org.crisisline.intake.domain.InvalidInput;
import org.crisisline.intake.domain.NewRequest;
import org.crisisline.intake.domain.RequestValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging requests. POST /api/v1/requests (staff) writes {@code help-requests} (key requestId,
 * {@link HelpRequestLogged} with summary and caller contact sealed under the request's own data
 * key) and, in the same transaction, that key ({@code data-keys}) and its first response to
 * {@code idempotency-keys} ({@link RequestWrites}); it answers 202 only once that transaction committed. Reading them: {@link RequestReadRoutes}.
 */
public final class RequestRoutes implements Routes {
  private static final Logger LOG = LoggerFactory.getLogger(RequestRoutes.class);
  private final Guard guard;
  private final OpenApiBodies openApi;
  private final RequestWrites writes;
  private final DataKeys cipher;
  private final Audit audit;
  private final Counter logged;
  private final Clock clock;
  private final RequestValidator validator;
  private volatile CallerKeys callerKeys;

  public RequestRoutes(Guard guard, OpenApiBodies openApi, RequestValidator validator, RequestWrites writes,
      DataKeys cipher, Audit audit, MeterRegistry metrics, Clock clock) {
    this.guard = guard;
    this.openApi = openApi;
    this.validator = validator;
    this.writes = writes;
    this.cipher = cipher;
    this.audit = audit;
    this.logged = Counter.builder("crisisline_intake_requests_logged")
        .description("Help requests logged (written to help-requests)").register(metrics);
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

  @Override
  public void mount(Router router) {
    router.post("/api/v1/requests").handler(guard.roles(Principal.STAFF)).handler(MediaType.json(false))
        .handler(openApi.handler("logRequest", (ctx, body) -> validator.validate(body))).handler(this::create);
  }

  private void create(RoutingContext ctx) {
    Principal who = Guard.principal(ctx);
    String key = RequestWrites.key(ctx, "POST /api/v1/requests");
    if (key == null) {
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
    IdempotencyStore.Proceed claim = writes.claim(ctx, IdempotencyStore.scope(who.username(), key), body, now, "request");
    if (claim != null) {
      publish(ctx, who, request, claim, now);
    }
  }

  private void publish(RoutingContext ctx, Principal who, NewRequest r, IdempotencyStore.Proceed claim, Instant now) {
    String requestId = writes.newRequestId(r.region());
    // The request's own data key: everything sealed for it is sealed under this key, so erasing the
    // caller is destroying it (see DataKeys).
    DataKeyWrapped dataKey = cipher.create(requestId, now);
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
    writes.write(ctx, event, dataKey, claim, response, now, "request", () -> {
      logged.increment();
      LOG.info("request {} logged by {}: {} {} {} in {}", requestId, who.username(), r.urgency(), r.need(),
          r.channel(), r.region());
      audit.ok(ctx, "request.create", "request", requestId);
    }, e -> LOG.error("help request not recorded: {}", e.getClass().getSimpleName()));
  }

  private static String contactJson(CallerContact c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("phone", c.phone());
    m.put("email", c.email());
    m.put("consentToContact", c.consentToContact());
    return RequestJson.toJson(m);
  }
}

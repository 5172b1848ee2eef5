package org.crisisline.intake.http;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.crisisline.events.CallerKeys;
import org.crisisline.events.DataKeys;
import org.crisisline.events.FollowUpCancelReason;
import org.crisisline.events.FollowUpCancelRequested;
import org.crisisline.events.IdempotencyRecord;
import org.crisisline.events.Ids;
import org.crisisline.events.Topics;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.domain.FieldError;
import org.crisisline.intake.domain.IdempotencyStore;
import org.crisisline.intake.domain.InvalidInput;
import org.crisisline.intake.kafka.EventPublisher;
import org.crisisline.intake.view.RequestRecord;
import org.crisisline.intake.view.RequestView;
import org.crisisline.records.Records;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/callers/erase {phone}} (admin, Idempotency-Key): forgets a caller by
 * crypto-shredding. The number is normalised, turned into its caller key ({@link CallerKeys}) and
 * dropped; every request logged with that key (held in memory, or in the records database whatever
 * its age) gets a tombstone for its data key on {@code data-keys}, so its sealed fields — contact,
 * summary, notes — cannot be opened anywhere again, and a {@code FollowUpCancelRequested(ERASED)} on
 * {@code offer-answers}, so no caring contact reaches them. Codes stay: KPIs and reports still count.
 *
 * <p>No oracle: a number no request was logged with answers exactly like one that had many. Only
 * the audit record says how many requests were erased ({@code caller.erase}, count, never the
 * number). The Idempotency-Key's body fingerprint is taken over the caller key, never the body,
 * because a plain hash of a phone number is reversible by trying every number.
 */
public final class CallerErasureRoutes implements Routes {
  private static final Logger LOG = LoggerFactory.getLogger(CallerErasureRoutes.class);
  private final Guard guard;
  private final OpenApiBodies openApi;
  private final RequestView requests;
  private final RequestWrites writes;
  private final DataKeys keys;
  private final EventPublisher publisher;
  private final Audit audit;
  private final Clock clock;
  private final CallerKeys callerKeys;
  private final Records records;

  /** {@code callerKeys} null: erasure answers 503 (callers cannot be recognised); {@code records} null: memory only. */
  public CallerErasureRoutes(Guard guard, OpenApiBodies openApi, RequestView requests, RequestWrites writes, DataKeys keys,
      EventPublisher publisher, Audit audit, Clock clock, CallerKeys callerKeys, Records records) {
    this.guard = guard;
    this.openApi = openApi;
    this.requests = requests;
    this.writes = writes;
    this.keys = keys;
    this.publisher = publisher;
    this.audit = audit;
    this.clock = clock;
    this.callerKeys = callerKeys;
    this.records = records;
  }

  @Override
  public void mount(Router router) {
    router.post("/api/v1/callers/erase").handler(guard.roles(Principal.ADMIN)).handler(MediaType.json(false))
        .handler(openApi.handler("eraseCaller", (ctx, body) -> phone(body))).handler(this::erase);
  }

  /** The caller's number in E.164 form; InvalidInput naming {@code phone}, never echoing it. */
  static String phone(byte[] body) {
    String typed;
    try {
      Object v = new JsonObject(new String(body, StandardCharsets.UTF_8)).getValue("phone");
      typed = v instanceof String s ? s : null;
    } catch (DecodeException | ClassCastException e) {
      throw new InvalidInput(List.of(new FieldError("body", "malformed JSON")));
    }
    String e164 = CallerHistoryRoutes.normalise(typed);
    if (e164 == null) {
      throw new InvalidInput(List.of(
          new FieldError("phone", "must be a valid phone number in E.164 form, e.g. +15035550100")));
    }
    return e164;
  }

  private void erase(RoutingContext ctx) {
    String key = RequestWrites.key(ctx, "POST /api/v1/callers/erase");
    if (key == null) {
      return;
    }
    String phone;
    try {
      phone = phone(Http.body(ctx));
    } catch (InvalidInput e) {
      Http.invalid(ctx, e);
      return;
    }
    if (callerKeys == null) {
      Http.problem(ctx, 503, "Erasure unavailable", "Erasing a caller needs CRISISLINE_CALLER_KEY (callers are found by it).");
      return;
    }
    String callerKey = callerKeys.of(phone);
    Instant now = clock.instant();
    String scoped = IdempotencyStore.scope(Guard.principal(ctx).username(), "callers/erase " + key);
    IdempotencyStore.Proceed claim = writes.claim(ctx, scoped, callerKey.getBytes(StandardCharsets.UTF_8), now, "erasure");
    if (claim == null) {
      return;
    }
    ctx.vertx().executeBlocking(() -> requestsOf(callerKey), false)
        .compose(ids -> Future.fromCompletionStage(shred(ids, now).thenApply(v -> ids.size()),
            ctx.vertx().getOrCreateContext()))
        .compose(count -> audit.requiredCounted(ctx, "caller.erase", "caller", Ids.newId(), count).map(count))
        .onComplete(ar -> {
          if (ar.failed()) {
            writes.release(claim);
            LOG.error("caller erasure not completed: {}", ar.cause().getClass().getSimpleName());
            ctx.response().putHeader("Retry-After", "2");
            Http.problem(ctx, 503, "Not erased", "The erasure could not be completed; retry with the same Idempotency-Key.");
            return;
          }
          LOG.info("caller erased by {}: {} request(s)", Guard.principal(ctx).username(), ar.result());
          Map<String, Object> response = answer();
          IdempotencyRecord kept = IdempotencyStore.record(claim, 200, RequestJson.toJson(response), Ids.newId(), now);
          publisher.send(Topics.IDEMPOTENCY_KEYS, kept.scopedKey(), kept);
          writes.kept(kept);
          Http.json(ctx, 200, response);
        });
  }

  /** Every request of the caller: those in memory, and those in the records database of any age. */
  private List<String> requestsOf(String callerKey) throws Exception {
    Set<String> ids = new LinkedHashSet<>(requests.withCallerKey(callerKey).stream().map(RequestRecord::requestId).toList());
    if (records != null) {
      ids.addAll(records.queries().statusesByRequest(callerKey).keySet());
    }
    return new ArrayList<>(ids);
  }

  /** Tombstones each request's data key and cancels its follow-ups; completes once all are acknowledged. */
  private CompletableFuture<Void> shred(List<String> requestIds, Instant now) {
    List<CompletableFuture<?>> sent = new ArrayList<>();
    for (String id : requestIds) {
      keys.erasedNow(id);
      sent.add(publisher.send(Topics.DATA_KEYS, id, null));
      sent.add(publisher.send(Topics.OFFER_ANSWERS, id,
          new FollowUpCancelRequested(Ids.newId(), now, id, null, FollowUpCancelReason.ERASED, null)));
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
  }

  /** The same answer whether the number had requests or none. */
  private static Map<String, Object> answer() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", "ERASED");
    m.put("detail", "Every request logged with this number, if any, can no longer be read.");
    return m;
  }
}

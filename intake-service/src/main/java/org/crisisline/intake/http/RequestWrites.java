package org.crisisline.intake.http;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.crisisline.events.DataKeyWrapped;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.IdempotencyRecord;
import org.crisisline.events.Ids;
import org.crisisline.intake.domain.FieldError;
import org.crisisline.intake.domain.IdempotencyStore;
import org.crisisline.intake.kafka.RequestLog;
import org.crisisline.intake.view.RequestView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way intake logs a new request, for staff's requests and responders' hand-ons alike: the
 * Idempotency-Key decides first (a replay answers with the kept response, a different body 422,
 * a twin still in flight 409), then {@code help-requests}, the request's data key ({@code data-keys})
 * and the kept response commit in one transaction ({@link RequestLog}); 202 only after that commit, 503 (the claim released, so the
 * same key may retry) when it failed.
 */
public final class RequestWrites {
  private static final Logger LOG = LoggerFactory.getLogger(RequestWrites.class);
  private final IdempotencyStore idempotency;
  private final RequestLog requestLog;
  private final RequestView requests;

  public RequestWrites(IdempotencyStore idempotency, RequestLog requestLog, RequestView requests) {
    this.idempotency = idempotency;
    this.requestLog = requestLog;
    this.requests = requests;
  }

  /** A new requestId for a request of {@code region}, aligned with it ({@link RequestLog#newRequestId}). */
  String newRequestId(String region) {
    return requestLog.newRequestId(region);
  }

  /** The request's Idempotency-Key, or null once a 400 naming the header has been answered. */
  static String key(RoutingContext ctx, String operation) {
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key == null) {
      Http.problem(ctx, 400, "Idempotency-Key required", operation + " needs an Idempotency-Key header.",
          List.of(new FieldError("Idempotency-Key", "header is required")));
      return null;
    }
    if (!IdempotencyStore.validKey(key)) {
      Http.problem(ctx, 400, "Invalid Idempotency-Key", "1 to 255 visible ASCII characters.",
          List.of(new FieldError("Idempotency-Key", "must be 1..255 visible ASCII characters")));
      return null;
    }
    return key;
  }

  /**
   * Claims {@code scopedKey} for this body. Answers a replay, a mismatch or a twin in flight itself
   * and returns null; returns the claim when this request is the one to write.
   */
  IdempotencyStore.Proceed claim(RoutingContext ctx, String scopedKey, byte[] body, Instant now, String what) {
    IdempotencyStore.Decision decision = idempotency.begin(scopedKey, body, now);
    if (decision instanceof IdempotencyStore.Replay r) {
      ctx.response().setStatusCode(r.original().responseStatus()).putHeader("Content-Type", "application/json")
          .putHeader("Idempotent-Replayed", "true").end(r.original().responseBody());
    } else if (decision instanceof IdempotencyStore.Mismatch) {
      Http.problem(ctx, 422, "Idempotency-Key reused", "This Idempotency-Key was used with a different request body.");
    } else if (decision instanceof IdempotencyStore.InFlight) {
      ctx.response().putHeader("Retry-After", "1");
      Http.problem(ctx, 409, "Request in progress", "A " + what + " with this Idempotency-Key is still being processed.");
    } else if (decision instanceof IdempotencyStore.Proceed p) {
      return p;
    }
    return null;
  }

  /** The response of a write made elsewhere is kept for its Idempotency-Key (the record is on its way to the topic). */
  void kept(IdempotencyRecord kept) {
    idempotency.complete(kept);
  }

  /** Gives the claim up (the request was refused after it was claimed): the same key may try again. */
  void release(IdempotencyStore.Proceed claim) {
    idempotency.abandon(claim.scopedKey());
  }

  /**
   * How long a caller waits for the commit before intake answers 503 anyway. A transaction against
   * brokers that cannot meet min.insync.replicas takes its delivery timeout to fail, and its abort as
   * long again when the coordinator is away: more than a client's own timeout, and staff at the
   * screen need an answer. The claim stays in flight until the commit's outcome is known, so a retry
   * with the same key meanwhile gets 409, and afterwards the kept 202 or a fresh attempt.
   */
  static final Duration ANSWER_DEADLINE = Duration.ofSeconds(8);

  /**
   * Writes the request with its data key and its kept 202 response and applies it to the view; then runs
   * {@code recorded} (log line, audit, metric) and answers 202 with {@code response} and a
   * Location, or runs {@code failed} (a log line naming no value) and answers 503. Past
   * {@link #ANSWER_DEADLINE} without an outcome, answers 503 and lets the outcome settle the claim.
   */
  void write(RoutingContext ctx, HelpRequestLogged event, DataKeyWrapped dataKey, IdempotencyStore.Proceed claim,
      Map<String, Object> response,
      Instant now, String what, Runnable recorded, Consumer<Throwable> failed) {
    IdempotencyRecord kept = IdempotencyStore.record(claim, 202, RequestJson.toJson(response), Ids.newId(), now);
    AtomicBoolean answered = new AtomicBoolean();
    long deadline = ctx.vertx().setTimer(ANSWER_DEADLINE.toMillis(), t -> {
      if (answered.compareAndSet(false, true)) {
        LOG.warn("{} not confirmed within {} s: answered 503, its commit still settles the key", what,
            ANSWER_DEADLINE.toSeconds());
        notStored(ctx, "The " + what + " was not confirmed in time; retry with the same Idempotency-Key"
            + " (you get the stored request if it was stored after all).");
      }
    });
    // Request, its data key and kept response commit together: never one without the others.
    Future.fromCompletionStage(requestLog.record(event, dataKey, kept).thenRun(() -> {
      requests.apply(event);
      idempotency.complete(kept);
    }), ctx.vertx().getOrCreateContext()).onComplete(ar -> {
      ctx.vertx().cancelTimer(deadline);
      if (ar.failed()) {
        idempotency.abandon(claim.scopedKey());
        failed.accept(ar.cause());
      } else {
        recorded.run();
      }
      if (!answered.compareAndSet(false, true)) {
        return; // the caller already has its 503; a retry with the key finds this outcome
      }
      if (ar.failed()) {
        notStored(ctx, "The " + what + " could not be stored; retry with the same Idempotency-Key.");
        return;
      }
      ctx.response().putHeader("Location", "/api/v1/requests/" + event.requestId());
      Http.json(ctx, 202, response);
    });
  }

  private static void notStored(RoutingContext ctx, String detail) {
    ctx.response().putHeader("Retry-After", "2");
    Http.problem(ctx, 503, "Not recorded", detail);
  }
}

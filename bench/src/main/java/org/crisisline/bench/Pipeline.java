package org.crisisline.bench;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open-loop generator and the simulated responders.
 *
 * <p>Generator: request i of a step is due at {@code start + i / rate}; the generator parks until
 * then and fires {@code POST /api/v1/requests} asynchronously, never waiting for an answer, so a
 * slow server cannot slow the arrivals (no coordinated omission). Every latency is measured from
 * the due time, so time the generator itself spent late is counted against the system.
 *
 * <p>Responders: {@link OutcomeWatcher} reads {@code deliveries} and {@code request-status}; when the
 * notifier records an SMS accepted by the provider (the SMS sink answered 201) the responder it went
 * to accepts through {@code POST /api/v1/offers/{id}/accept}; when routing says ACCEPTED the bench polls
 * {@code GET /api/v1/requests/{id}} until intake shows it, then completes the request so the
 * responder's capacity comes back.
 */
final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
  private static final long RETRY_MILLIS = 2;
  private static final int MAX_RETRIES = 5_000;

  private final BenchHttp http;
  private final String staffToken;
  private final Map<String, String> responderTokens;
  private final String region;
  private final Context[] contexts;
  private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
  /** Outcomes that overtook the 202 of their own POST (possible: both race through Kafka), by requestId. */
  private final Map<String, Runnable> early = new ConcurrentHashMap<>();
  private final long baseNanos = System.nanoTime();
  private final long baseEpochMicros = Clocks.epochMicros();
  private int next;

  Pipeline(BenchHttp http, String staffToken, Map<String, String> responderTokens, String region) {
    this.http = http;
    this.staffToken = staffToken;
    this.responderTokens = responderTokens;
    this.region = region;
    // Two event loops: the generator alternates, so neither loop is the bottleneck.
    this.contexts = http.eventLoops(2);
  }

  long epochMicrosOf(long nanos) {
    return baseEpochMicros + (nanos - baseNanos) / 1000;
  }

  /** Offers {@code step.rate} requests a second for {@code duration}, open loop. Blocks the caller. */
  void run(Step step, Duration duration) {
    long period = 1_000_000_000L / step.rate;
    long start = System.nanoTime() + 1_000_000;
    long count = duration.toNanos() / period;
    for (long i = 0; i < count; i++) {
      long due = start + i * period;
      long now;
      while ((now = System.nanoTime()) < due) {
        LockSupport.parkNanos(due - now);
      }
      long lag = (now - due) / 1000;
      step.generatorLagMicros.accumulateAndGet(lag, Math::max);
      Tracked t = new Tracked(step, due, epochMicrosOf(due));
      step.sent.incrementAndGet();
      contexts[next++ & 1].runOnContext(v -> send(t));
    }
  }

  private void send(Tracked t) {
    JsonObject body = new JsonObject().put("channel", "PHONE").put("urgency", "MODERATE")
        .put("need", "CRISIS_COUNSELLING").put("language", "en").put("region", region)
        .put("ageGroup", "ADULT").put("specialties", new JsonArray()).put("summary", "bench request")
        .put("callerContact", new JsonObject().put("phone", "+15035550100").put("consentToContact", false));
    http.post("/api/v1/requests", staffToken, body, UUID.randomUUID().toString()).onComplete(ar -> {
      long micros = (System.nanoTime() - t.dueNanos) / 1000;
      if (ar.failed() || ar.result().statusCode() != 202) {
        t.step.intakeErrors.incrementAndGet();
        if (t.step.intakeErrors.get() <= 3) {
          LOG.warn("POST /api/v1/requests: {}", ar.failed() ? ar.cause().toString()
              : ar.result().statusCode() + " " + ar.result().bodyAsString());
        }
        return;
      }
      t.step.intake.recordValue(Math.min(micros, Step.MAX_MICROS));
      String requestId = ar.result().bodyAsJsonObject().getString("requestId");
      tracked.put(requestId, t);
      Runnable overtaken = early.remove(requestId);
      if (overtaken != null) {
        overtaken.run();
      }
    });
  }

  /**
   * The request ({@link Tracked.Stage#REQUEST_COMMITTED}), or an offer for it
   * ({@link Tracked.Stage#OFFER_COMMITTED}), became visible to a read_committed consumer at
   * {@code atEpochMicros}. Only the first sighting of each counts.
   */
  void onCommitted(Tracked.Stage stage, String requestId, long atEpochMicros) {
    Tracked t = tracked.get(requestId);
    if (t == null) {
      later(requestId, () -> onCommitted(stage, requestId, atEpochMicros));
    } else if (t.firstSighting(stage)) {
      t.step.stage(stage).recordValue(clamp(atEpochMicros - t.dueEpochMicros));
    }
  }

  /**
   * Runs {@code outcome} once the request's 202 has been seen. Both sides put first and then check
   * the other's map, so whichever comes second runs it: it can neither be lost nor run twice.
   */
  private void later(String requestId, Runnable outcome) {
    early.merge(requestId, outcome, (a, b) -> () -> {
      a.run();
      b.run();
    });
    if (tracked.containsKey(requestId)) {
      Runnable ready = early.remove(requestId);
      if (ready != null) {
        ready.run();
      }
    }
  }

  /** The notifier recorded the SMS as accepted by the provider at {@code atEpochMicros}: accept it. */
  void onDelivered(String requestId, String offerId, String responderId, long atEpochMicros) {
    Tracked t = tracked.get(requestId);
    if (t == null) {
      later(requestId, () -> onDelivered(requestId, offerId, responderId, atEpochMicros));
      return;
    }
    if (t.delivered) {
      return; // a re-offer after a lost answer; the first delivery is the one that counts
    }
    t.delivered = true;
    t.responderId = responderId;
    t.step.deliveredCount.incrementAndGet();
    t.step.delivered.recordValue(clamp(atEpochMicros - t.dueEpochMicros));
    String token = responderTokens.get(responderId);
    if (token == null) {
      t.step.answerErrors.incrementAndGet();
      return;
    }
    contexts[requestId.hashCode() & 1].runOnContext(v -> accept(t, offerId, token, 0));
  }

  private void accept(Tracked t, String offerId, String token, int attempt) {
    http.post("/api/v1/offers/" + offerId + "/accept", token, new JsonObject(), null).onComplete(ar -> {
      int status = ar.succeeded() ? ar.result().statusCode() : -1;
      if (status >= 200 && status < 300) {
        return;
      }
      // 404/409: intake's view of the offers topic has not caught up with the notifier yet.
      if ((status == 404 || status == 409 || status == -1) && attempt < MAX_RETRIES) {
        http.vertx().setTimer(RETRY_MILLIS, id -> accept(t, offerId, token, attempt + 1));
      } else {
        fail(t, "accept " + status + (ar.succeeded() ? " " + ar.result().bodyAsString() : ""));
      }
    });
  }

  /** Routing wrote ACCEPTED: poll intake's read side until it shows it too, then complete. */
  void onAcceptedInStream(String requestId) {
    Tracked t = tracked.get(requestId);
    if (t == null) {
      later(requestId, () -> onAcceptedInStream(requestId));
      return;
    }
    contexts[requestId.hashCode() & 1].runOnContext(v -> pollAccepted(requestId, t, 0));
  }

  private void pollAccepted(String requestId, Tracked t, int attempt) {
    http.get("/api/v1/requests/" + requestId, staffToken).onComplete(ar -> {
      String status = ar.succeeded() && ar.result().statusCode() == 200
          ? ar.result().bodyAsJsonObject().getString("status") : null;
      if ("ACCEPTED".equals(status) || "COMPLETED".equals(status)) {
        if (!t.accepted) {
          t.accepted = true;
          t.step.acceptedCount.incrementAndGet();
          t.step.accepted.recordValue(clamp((System.nanoTime() - t.dueNanos) / 1000));
          complete(requestId, t, 0);
        }
      } else if (attempt < MAX_RETRIES) {
        http.vertx().setTimer(RETRY_MILLIS, id -> pollAccepted(requestId, t, attempt + 1));
      } else {
        fail(t, "GET request status " + status);
      }
    });
  }

  private void complete(String requestId, Tracked t, int attempt) {
    String token = t.responderId == null ? null : responderTokens.get(t.responderId);
    if (token == null) {
      return;
    }
    http.post("/api/v1/requests/" + requestId + "/complete", token, new JsonObject().put("outcome", "bench"), null)
        .onComplete(ar -> {
          int status = ar.succeeded() ? ar.result().statusCode() : -1;
          if (status >= 200 && status < 300) {
            tracked.remove(requestId);
          } else if (attempt < 50) {
            http.vertx().setTimer(20, id -> complete(requestId, t, attempt + 1));
          } else {
            fail(t, "complete " + status);
          }
        });
  }

  private void fail(Tracked t, String what) {
    long n = t.step.answerErrors.incrementAndGet();
    if (n <= 3) {
      LOG.warn("responder side: {}", what);
    }
  }

  /** Waits until every request of the step reached ACCEPTED, or {@code max} passed. */
  boolean drain(Step step, Duration max) {
    long until = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < until) {
      long expected = step.sent.get() - step.intakeErrors.get();
      if (step.acceptedCount.get() >= expected) {
        return true;
      }
      LockSupport.parkNanos(20_000_000L);
    }
    return false;
  }

  /**
   * Waits until every request of the step that reached ACCEPTED was also completed (the bench's
   * last write for it), or {@code max} passed: only then are its records all counted, and the
   * pipeline idle for the floor.
   */
  boolean settle(Step step, Duration max) {
    long until = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < until) {
      if (tracked.values().stream().noneMatch(t -> t.step == step && t.accepted && t.responderId != null)) {
        return true;
      }
      LockSupport.parkNanos(20_000_000L);
    }
    return false;
  }

  /** The timeline intake shows for one request of {@code step} that did not reach ACCEPTED, for the log. */
  String oneMissing(Step step) {
    for (Map.Entry<String, Tracked> e : tracked.entrySet()) {
      if (e.getValue().step == step && !e.getValue().accepted) {
        HttpResponse<Buffer> r = BenchHttp.await(http.get("/api/v1/requests/" + e.getKey(), staffToken));
        return e.getKey() + " delivered=" + e.getValue().delivered + " " + r.bodyAsString();
      }
    }
    return "none";
  }

  static long clamp(long micros) {
    return Math.max(0, Math.min(micros, Step.MAX_MICROS));
  }

  static boolean ok(HttpResponse<Buffer> r) {
    return r.statusCode() >= 200 && r.statusCode() < 300;
  }
}

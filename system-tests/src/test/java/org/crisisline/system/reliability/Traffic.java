package org.crisisline.system.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.crisisline.events.JsonSerde;
import org.crisisline.intake.openapi.OpenApiResponses;

/**
 * People using crisisline through intake's HTTP API, at random: staff logging requests of mixed
 * urgency, need and region (retrying a 503 or a broken connection with the same Idempotency-Key,
 * as the API asks) and sometimes cancelling; responders who poll their offers and accept (then
 * complete), decline or ignore them, go away and come back. Paced by a ScheduledExecutorService.
 * Records every requestId answered 202 ({@link #acked}). A few answers are wrong on purpose:
 * the same offer accepted twice, and an offer accepted after it expired.
 */
final class Traffic implements AutoCloseable {
  private static final String[] URGENCY = {"IMMINENT_RISK", "HIGH", "HIGH", "MODERATE", "MODERATE", "LOW", "LOW"};
  private static final String[] REFERRAL_KINDS = {"SUPPORT_GROUP", "FAMILY_CAREGIVER_SUPPORT", "COMMUNITY_ORGANISATION"};

  final Set<String> acked = ConcurrentHashMap.newKeySet();
  final Map<String, Integer> capacity = new ConcurrentHashMap<>();
  final AtomicInteger sent = new AtomicInteger();
  final AtomicInteger unavailable = new AtomicInteger();
  final AtomicInteger gaveUp = new AtomicInteger();
  final AtomicInteger accepts = new AtomicInteger();
  final AtomicInteger followUpOutcomes = new AtomicInteger();
  /** Completions tried again because routing had not yet applied the accept. */
  final AtomicInteger finishRetries = new AtomicInteger();
  final AtomicInteger declines = new AtomicInteger();
  final AtomicInteger ignores = new AtomicInteger();
  final AtomicInteger doubleAnswers = new AtomicInteger();
  final AtomicInteger lateAnswers = new AtomicInteger();
  final Map<Integer, AtomicInteger> lateAnswerCodes = new ConcurrentHashMap<>();
  final Map<Integer, AtomicInteger> secondAnswerCodes = new ConcurrentHashMap<>();
  /** Responses that broke openapi.yaml (calls run on the pool, where a failure would be lost). */
  final Queue<String> contractViolations = new ConcurrentLinkedQueue<>();

  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .version(HttpClient.Version.HTTP_1_1).build();
  private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(6, r -> {
    Thread t = new Thread(r, "traffic");
    t.setDaemon(true);
    return t;
  });
  // Staff log requests open loop: each on a thread of its own, so one slow POST (a broker being
  // restarted) does not hold back the ones after it and the offered rate stays the rate asked for.
  private final java.util.concurrent.ExecutorService staffDesks = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "traffic-staff");
    t.setDaemon(true);
    return t;
  });
  private final List<String> responders = new ArrayList<>();
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final Set<String> decided = ConcurrentHashMap.newKeySet();
  private volatile boolean loggingRequests = true;
  private volatile boolean answering = true;

  Traffic(String intakeUrl) {
    this.base = intakeUrl;
  }

  /** A completion is tried this many times, 2 s apart, while routing has not yet applied the accept. */
  static final int FINISH_ATTEMPTS = 15;
  /** The run's on-call schedule (the routing policy's only {@code page.steps}). */
  static final String ON_CALL_SCHEDULE = "rel-supervisors";
  /** Who is on call in it, with the work phone and email they are paged on. */
  static final List<String> ON_CALL = List.of("rel-sup-a", "rel-sup-b");

  /**
   * Puts two people on call, both at once (the rotation's one and an override covering the run),
   * through the admin API, so that every alert of the run pages two people on two channels.
   */
  void seedOnCall() {
    String admin = login("admin");
    for (int i = 0; i < ON_CALL.size(); i++) {
      String who = ON_CALL.get(i);
      must(call("PUT", "/api/v1/oncall/people/" + who, admin, Map.of("name", "Supervisor " + who,
          "phone", "+150355509" + String.format("%02d", i), "email", who + "@supervisors.example.org",
          "channels", List.of("SMS", "EMAIL")), null), "PUT on-call person " + who);
    }
    Instant now = Instant.now();
    must(call("PUT", "/api/v1/schedules/" + ON_CALL_SCHEDULE, admin, Map.of("name", "Reliability supervisors",
        "timeZone", "UTC", "rotation", Map.of("participants", List.of(ON_CALL.get(0)), "shiftLength", 1,
            "handoff", "DAILY", "handoffTime", "00:00", "start", now.minus(Duration.ofDays(1)).toString())), null),
        "PUT schedule " + ON_CALL_SCHEDULE);
    must(call("POST", "/api/v1/schedules/" + ON_CALL_SCHEDULE + "/overrides", admin, Map.of("userId", ON_CALL.get(1),
        "from", now.minus(Duration.ofMinutes(1)).toString(), "to", now.plus(Duration.ofHours(6)).toString()), null),
        "POST override " + ON_CALL_SCHEDULE);
  }

  /** Registers responders and services per region through the admin API; all start AVAILABLE. */
  void seed(List<String> regions, int respondersPerRegion) {
    String admin = login("admin");
    for (String region : regions) {
      for (int i = 0; i < respondersPerRegion; i++) {
        String id = region + "-r" + i;
        String kind = i % 3 == 2 ? "PEER_SPECIALIST" : "HOTLINE_COUNSELLOR";
        int cap = 1 + i % 2;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("displayName", "Responder " + id);
        body.put("kind", kind);
        body.put("region", region);
        body.put("languages", List.of("en"));
        body.put("specialties", List.of());
        body.put("capacity", cap);
        body.put("contact", Map.of("phone", "+1503555" + String.format("%04d", responders.size() + 100),
            "email", id + "@responders.example.org"));
        body.put("channels", i % 2 == 0 ? List.of("SMS", "EMAIL") : List.of("EMAIL", "SMS"));
        body.put("active", true);
        must(call("PUT", "/api/v1/responders/" + id, admin, body, null), "PUT responder " + id);
        capacity.put(id, cap);
        responders.add(id);
      }
      Map<String, Object> svc = new LinkedHashMap<>();
      String sid = region + "-svc";
      svc.put("serviceId", sid);
      svc.put("organization", "Org " + region);
      svc.put("name", "Service " + region);
      svc.put("description", "Reliability test service");
      svc.put("kinds", List.of(REFERRAL_KINDS));
      svc.put("status", "ACTIVE");
      svc.put("serviceArea", Map.of("regions", List.of(region), "postalPrefixes", List.of()));
      svc.put("languages", List.of("en"));
      svc.put("eligibility", Map.of("description", "Everyone"));
      List<Map<String, String>> week = new ArrayList<>();
      for (String d : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
        week.add(Map.of("day", d, "opens", "00:00", "closes", "23:59"));
      }
      svc.put("schedule", week);
      svc.put("timeZone", "UTC");
      svc.put("capacity", Map.of("available", 100000, "maximum", 100000));
      svc.put("intakeContact", Map.of("phone", "+15035559" + String.format("%03d", regions.indexOf(region)),
          "email", sid + "@services.example.org"));
      svc.put("cost", "Free");
      svc.put("assuredDate", "2026-11-01");
      must(call("PUT", "/api/v1/directory/" + sid, admin, svc, null), "PUT service " + sid);
    }
  }

  /** Signs every responder in and sets them AVAILABLE (retries until intake knows them). */
  void signInResponders() {
    for (String id : responders) {
      tokens.put(id, login(id));
      setStatus(id, "AVAILABLE", null);
    }
  }

  /** Logs {@code total} requests evenly over {@code over}; responders poll every 700 ms. */
  void run(int total, Duration over, List<String> regions) {
    long periodMicros = Math.max(1000, over.toNanos() / 1000 / Math.max(1, total));
    AtomicInteger left = new AtomicInteger(total);
    String staff = login("staff");
    pool.scheduleAtFixedRate(() -> {
      if (!loggingRequests || left.getAndDecrement() <= 0) {
        return;
      }
      staffDesks.execute(() -> logRequest(staff, regions, UUID.randomUUID().toString(), 0));
    }, 0, periodMicros, TimeUnit.MICROSECONDS);
    for (String id : responders) {
      pool.scheduleWithFixedDelay(() -> poll(id), ThreadLocalRandom.current().nextInt(700), 700,
          TimeUnit.MILLISECONDS);
    }
    // Availability changes: every 3 s one responder takes a 5 s break.
    pool.scheduleWithFixedDelay(() -> {
      String id = responders.get(ThreadLocalRandom.current().nextInt(responders.size()));
      setStatus(id, "AWAY", "short break");
      pool.schedule(() -> setStatus(id, "AVAILABLE", null), 5, TimeUnit.SECONDS);
    }, 3, 3, TimeUnit.SECONDS);
  }

  boolean doneLogging(int total) {
    return sent.get() + gaveUp.get() >= total;
  }

  void stopLogging() {
    loggingRequests = false;
  }

  void stopAnswering() {
    answering = false;
  }

  private void logRequest(String staff, List<String> regions, String idemKey, int attempt) {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("channel", "PHONE");
    // Seeded by the key so a retry sends the very same body (the key's contract).
    java.util.Random same = new java.util.Random(idemKey.hashCode());
    int needDice = same.nextInt(4);
    String need = needDice < 2 ? "CRISIS_COUNSELLING" : needDice == 2 ? "PEER_SUPPORT" : "REFERRAL";
    body.put("urgency", URGENCY[same.nextInt(URGENCY.length)]);
    body.put("need", need);
    if (need.equals("REFERRAL")) {
      body.put("referralKind", REFERRAL_KINDS[same.nextInt(REFERRAL_KINDS.length)]);
      body.put("ageGroup", "ADULT");
    }
    body.put("language", "en");
    body.put("region", regions.get(same.nextInt(regions.size())));
    body.put("summary", "reliability run");
    if (same.nextInt(2) == 0) {
      // A caller who consents to be contacted (half of them): requests that end completed get
      // follow-ups (the run's short plan), each with a caring SMS to this phone.
      body.put("callerContact", Map.of("phone", "+1503557" + String.format("%04d", same.nextInt(10_000)),
          "consentToContact", true));
    }
    Response r = call("POST", "/api/v1/requests", staff, body, Map.of("Idempotency-Key", idemKey));
    if (r.code == 202) {
      String id = r.json.get("requestId").asText();
      acked.add(id);
      sent.incrementAndGet();
      if (rnd.nextInt(100) < 3) {
        pool.schedule(() -> call("POST", "/api/v1/requests/" + id + "/cancel", staff, Map.of("reason", "caller hung up"),
            null), 2 + rnd.nextInt(6), TimeUnit.SECONDS);
      }
    } else if (attempt < 20) {
      unavailable.incrementAndGet();
      pool.schedule(() -> staffDesks.execute(() -> logRequest(staff, regions, idemKey, attempt + 1)),
          1 + attempt / 4, TimeUnit.SECONDS);
    } else {
      gaveUp.incrementAndGet();
    }
  }

  /**
   * Completes an accepted request; a follow-up is not completed but ends with its outcome (409 "A
   * follow-up" says so), half of them a caller not reached, which routing tries again. Until routing
   * has applied the accept, intake does not yet show the request as this responder's (403, or 409
   * while it is still OFFERED): like a person at the end of a call, the responder tries again a
   * little later, for up to {@link #FINISH_ATTEMPTS} tries; an accept routing refused stays refused.
   */
  private void finish(String requestId, String token, int attempt) {
    if (!answering) {
      return;
    }
    Response done = call("POST", "/api/v1/requests/" + requestId + "/complete", token, Map.of("outcome", "supported"),
        null);
    if (done.code == 409 && done.json != null && "A follow-up".equals(done.json.path("title").asText())) {
      String outcome = ThreadLocalRandom.current().nextBoolean() ? "REACHED" : "NO_ANSWER";
      if (call("POST", "/api/v1/requests/" + requestId + "/followup-outcome", token, Map.of("outcome", outcome),
          null).code / 100 == 2) {
        followUpOutcomes.incrementAndGet();
      }
    } else if ((done.code == 403 || done.code == 409) && attempt < FINISH_ATTEMPTS) {
      finishRetries.incrementAndGet();
      pool.schedule(() -> finish(requestId, token, attempt + 1), 2, TimeUnit.SECONDS);
    }
  }

  private void poll(String responder) {
    if (!answering) {
      return;
    }
    String token = tokens.get(responder);
    Response r = call("GET", "/api/v1/offers/current", token, null, null);
    if (r.code != 200 || r.json == null) {
      return;
    }
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    for (JsonNode offer : r.json) {
      String offerId = offer.path("offerId").asText();
      if (!"OUTSTANDING".equals(offer.path("state").asText()) || !decided.add(offerId)) {
        continue;
      }
      String requestId = offer.path("requestId").asText();
      int dice = rnd.nextInt(100);
      if (dice < 60) {
        Response a = call("POST", "/api/v1/offers/" + offerId + "/accept", token, Map.of(), null);
        accepts.incrementAndGet();
        if (rnd.nextInt(25) == 0) {
          // The same responder answers twice (a double tap, a retried link): must change nothing.
          Response again = call("POST", "/api/v1/offers/" + offerId + "/accept", token, Map.of(), null);
          doubleAnswers.incrementAndGet();
          secondAnswerCodes.computeIfAbsent(again.code, k -> new AtomicInteger()).incrementAndGet();
        }
        if (a.code / 100 == 2) {
          pool.schedule(() -> finish(requestId, token, 1), 1 + rnd.nextInt(4), TimeUnit.SECONDS);
        }
      } else if (dice < 80) {
        call("POST", "/api/v1/offers/" + offerId + "/decline", token, Map.of("reason", "with another caller"), null);
        declines.incrementAndGet();
      } else {
        ignores.incrementAndGet();
        Instant expires = Instant.parse(offer.path("expiresAt").asText());
        long after = Math.max(0, Duration.between(Instant.now(), expires).toMillis()) + 1500;
        // A responder who lets an offer time out is set AWAY by routing; they come back later.
        pool.schedule(() -> setStatus(responder, "AVAILABLE", null), after + 2000, TimeUnit.MILLISECONDS);
        if (rnd.nextInt(5) == 0) {
          // ...and some answer after expiry: must be refused, never assign.
          pool.schedule(() -> {
            Response late = call("POST", "/api/v1/offers/" + offerId + "/accept", token, Map.of(), null);
            lateAnswers.incrementAndGet();
            lateAnswerCodes.computeIfAbsent(late.code, k -> new AtomicInteger()).incrementAndGet();
          }, after, TimeUnit.MILLISECONDS);
        }
      }
    }
  }

  private void setStatus(String responder, String status, String reason) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    if (reason != null) {
      body.put("reason", reason);
    }
    call("PUT", "/api/v1/responders/" + responder + "/status", tokens.get(responder), body, null);
  }

  /** A bearer token; retried while intake has not yet seen the account (views load from Kafka). */
  String login(String username) {
    java.util.concurrent.atomic.AtomicReference<String> token = new java.util.concurrent.atomic.AtomicReference<>();
    org.awaitility.Awaitility.await("sign in as " + username).atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300)).until(() -> {
          Response r = call("POST", "/api/v1/session", null,
              Map.of("username", username, "password",
                  org.crisisline.intake.auth.DemoAccounts.passwordFor(ReliabilityStack.PASSWORD, username)), null);
          if (r.code == 200) {
            token.set(r.json.get("token").asText());
          }
          return token.get() != null;
        });
    return token.get();
  }

  private Response must(Response r, String what) {
    if (r.code / 100 != 2) {
      throw new IllegalStateException(what + " answered " + r.code + ": " + r.json);
    }
    return r;
  }

  record Response(int code, JsonNode json, Map<String, List<String>> headers) {}

  Response call(String method, String path, String token, Object body, Map<String, String> headers) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
          .header("Accept", "application/json");
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      if (headers != null) {
        headers.forEach(b::header);
      }
      if (body == null) {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        b.header("Content-Type", "application/json");
        b.method(method, HttpRequest.BodyPublishers.ofByteArray(JsonSerde.MAPPER.writeValueAsBytes(body)));
      }
      HttpResponse<byte[]> res = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      try {
        OpenApiResponses.check(res);
      } catch (AssertionError e) {
        contractViolations.add(e.getMessage());
      }
      JsonNode json = null;
      if (res.body().length > 0 && res.headers().firstValue("Content-Type").orElse("").contains("json")) {
        json = JsonSerde.MAPPER.readTree(res.body());
      }
      return new Response(res.statusCode(), json, res.headers().map());
    } catch (IOException e) {
      return new Response(-1, null, Map.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Response(-1, null, Map.of());
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    staffDesks.shutdownNow();
  }
}

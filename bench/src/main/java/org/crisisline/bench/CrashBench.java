package org.crisisline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.crisisline.intake.auth.DemoAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./crisisline bench --crash}: the whole local stack ({@code LocalStack}, what
 * {@code ./crisisline up} runs) in a child JVM on fixed free ports, staff logging requests at
 * {@link #RATE} req/s; after {@link #BEFORE_KILL} the stack's JVM gets SIGKILL (with the embedded
 * PostgreSQL it started, as a power cut would take them) and is started again at once on the same
 * data directory while staff keep logging (retrying with the same Idempotency-Key, as the intake
 * form does). Measured from the restart: intake {@code /ready}, the first offer SMS the SMS sink
 * receives, the first offer SMS for a request logged after the restart, and whether every request
 * acknowledged before the kill is still there. Writes {@code crash.json}.
 */
final class CrashBench {
  private static final Logger LOG = LoggerFactory.getLogger(CrashBench.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RATE = 5;
  private static final Duration BEFORE_KILL = Duration.ofSeconds(40);
  private static final String REGION = "crash";
  /** Capacity 20 each: room for every request of the run, so a new one is offered at once. */
  private static final int RESPONDERS = 50;
  static final String PASSWORD = "bench-demo-password";

  record Result(int acknowledgedBeforeKill, int presentAfterRestart, double readySeconds,
      double firstSmsSeconds, double firstNewRequestSmsSeconds, double loadAverage) {
    String json() {
      return String.format(java.util.Locale.ROOT,
          "{\"acknowledgedBeforeKill\": %d, \"presentAfterRestart\": %d, \"readySeconds\": %.1f, "
              + "\"firstSmsSeconds\": %.1f, \"firstNewRequestSmsSeconds\": %.1f, \"loadAverage\": %.2f}%n",
          acknowledgedBeforeKill, presentAfterRestart, readySeconds, firstSmsSeconds,
          firstNewRequestSmsSeconds, loadAverage);
    }
  }

  private final Path data;
  private final Path log;
  private final Map<String, String> env = new HashMap<>(System.getenv());
  private final String intake;
  private final String sink;
  private final Set<String> acked = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> loggedAt = new ConcurrentHashMap<>();
  private final Map<String, String> responderTokens = new ConcurrentHashMap<>();
  private final Map<String, String> offerRequests = new ConcurrentHashMap<>();
  private volatile String staffToken;
  private volatile long restartedAt;
  private volatile java.time.Instant restartedWall;

  private CrashBench(Path out) throws IOException {
    this.data = out.toAbsolutePath().resolve("crash-data");
    this.log = out.toAbsolutePath().resolve("crash-stack.log");
    Target.deleteTree(data);
    Files.createDirectories(data);
    Files.deleteIfExists(log);
    Path policy = data.resolve("crash-policy.properties");
    Files.writeString(policy, "regions=north,south,east," + REGION + "\n");
    env.remove("KAFKA_BOOTSTRAP_SERVERS");
    env.put("CRISISLINE_DATA_DIR", data.toString());
    // Fixed ports for both lives of the stack: the broker's quorum and the clients' bootstrap must not move.
    for (String var : new String[] {"CRISISLINE_KAFKA_PORT", "CRISISLINE_KAFKA_CONTROLLER_PORT",
        "CRISISLINE_HTTP_PORT", "CRISISLINE_NOTIFIER_PORT", "CRISISLINE_ROUTING_PORT",
        "CRISISLINE_SMS_SINK_PORT", "SMTP_PORT", "CRISISLINE_RECORDS_DB_PORT"}) {
      env.put(var, Integer.toString(CrashKill.freePort()));
    }
    env.put("CRISISLINE_DEMO_PASSWORD", PASSWORD);
    env.put("CRISISLINE_REGIONS", "north,south,east," + REGION);
    env.put("CRISISLINE_ROUTING_POLICY", policy.toString());
    // A load test, as the main bench: the notifier's anti-flood limits (6 offers a minute per
    // responder) would mark every responder unreachable within a minute and nothing would be sent.
    env.put("CRISISLINE_RATE_LIMIT_PER_MINUTE", "1000000000");
    env.put("CRISISLINE_JWT_TTL_SECONDS", "86400");
    env.put("CRISISLINE_NOTIFIER_RATE_PER_RESPONDER", "1000000");
    env.put("CRISISLINE_NOTIFIER_RATE_GLOBAL", "1000000");
    this.intake = "http://localhost:" + env.get("CRISISLINE_HTTP_PORT");
    this.sink = "http://localhost:" + env.get("CRISISLINE_SMS_SINK_PORT");
  }

  static Result run(BenchOptions o) throws Exception {
    double load = Resources.loadAverage();
    CrashBench bench = new CrashBench(o.out());
    Process stack = bench.start();
    ScheduledExecutorService staff = Executors.newScheduledThreadPool(4);
    try {
      bench.awaitReady(Duration.ofMinutes(3));
      bench.responders(RESPONDERS);
      bench.staffToken = CrashHttp.login(bench.intake, "staff");
      staff.scheduleAtFixedRate(() -> staff.execute(bench::logOne), 0, 1000 / RATE, TimeUnit.MILLISECONDS);
      staff.scheduleWithFixedDelay(bench::acceptOffers, 1, 1, TimeUnit.SECONDS);
      Thread.sleep(BEFORE_KILL.toMillis());
      LOG.info("crash: SIGKILL of the stack with {} requests acknowledged, {}", bench.acked.size(), bench.outboxSummary());
      CrashKill.kill(stack, bench.data);
      bench.restartedAt = System.nanoTime();
      bench.restartedWall = java.time.Instant.now();
      stack = bench.start();
      double ready = bench.awaitReady(Duration.ofMinutes(3));
      double firstSms = bench.awaitSms(false);
      double firstNew = bench.awaitSms(true);
      staff.shutdownNow();
      LOG.info("crash: after the restart {}", bench.outboxSummary());
      Set<String> before = Set.copyOf(bench.ackedBeforeRestart());
      int present = bench.present(before);
      Result r = new Result(before.size(), present, ready, firstSms, firstNew, load);
      Files.writeString(o.out().resolve("crash.json"), r.json());
      return r;
    } finally {
      staff.shutdownNow();
      stack.destroy();
      stack.waitFor(60, TimeUnit.SECONDS);
    }
  }

  private Process start() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // The stack logs as ./crisisline up logs (its own logback.xml): crash-stack.log is what an operator reads.
    ProcessBuilder pb = new ProcessBuilder(java, "-Xms256m", "-Xmx1g", "-cp", System.getProperty("java.class.path"), "org.crisisline.localstack.LocalStack");
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process p = pb.start();
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    return p;
  }

  private double awaitReady(Duration within) throws InterruptedException {
    long began = restartedAt == 0 ? System.nanoTime() : restartedAt;
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (CrashHttp.status("GET", intake + "/ready", null, null) == 200) {
        return (System.nanoTime() - began) / 1e9;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("intake not ready within " + within + " (see " + log + ")");
  }

  /** Seconds from the restart to the first offer SMS the sink got (for a request logged after it, if {@code onlyNew}). */
  private double awaitSms(boolean onlyNew) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      java.time.Instant first = null;
      for (JsonNode m : CrashHttp.get(sink + "/outbox", null)) {
        boolean offerSms = "SMS".equals(m.path("channel").asText()) && m.hasNonNull("offerId");
        if (offerSms && (!onlyNew || loggedAfterRestart(m))) {
          java.time.Instant sent = sentAt(m.path("sentAt"));
          first = first == null || sent.isBefore(first) ? sent : first;
        }
      }
      if (first != null) {
        return Duration.between(restartedWall, first).toMillis() / 1000.0;
      }
      Thread.sleep(200);
    }
    return -1;
  }

  private static java.time.Instant sentAt(JsonNode at) {
    if (at.isNumber()) {
      return java.time.Instant.ofEpochMilli((long) (at.asDouble() * 1000));
    }
    return java.time.Instant.parse(at.asText());
  }

  private String outboxSummary() throws Exception {
    int sms = 0;
    int offers = 0;
    for (JsonNode m : CrashHttp.get(sink + "/outbox", null)) {
      if ("SMS".equals(m.path("channel").asText())) {
        sms++;
        offers += m.hasNonNull("offerId") ? 1 : 0;
      }
    }
    return "the SMS sink holds " + sms + " SMS, " + offers + " of them offers";
  }

  /** The offer's request, as its responder saw it before accepting (the SMS itself names no request). */
  private boolean loggedAfterRestart(JsonNode sms) {
    String requestId = offerRequests.get(sms.path("offerId").asText());
    Long at = requestId == null ? null : loggedAt.get(requestId);
    return at != null && at > restartedAt;
  }

  private List<String> ackedBeforeRestart() {
    return loggedAt.entrySet().stream().filter(e -> e.getValue() < restartedAt).map(Map.Entry::getKey).toList();
  }

  private int present(Set<String> ids) throws Exception {
    String supervisor = CrashHttp.login(intake, "supervisor");
    int n = 0;
    for (String id : ids) {
      if (CrashHttp.status("GET", intake + "/api/v1/requests/" + id, supervisor, null) == 200) {
        n++;
      }
    }
    return n;
  }

  /**
   * Responders at work: each accepts what it is offered within a second or so. Responders who let
   * offers run out are set AWAY by routing (a missed offer), and nothing more would be offered.
   */
  private void acceptOffers() {
    responderTokens.replaceAll((id, token) -> {
      try {
        HttpResponse<String> r = CrashHttp.send("GET", intake + "/api/v1/offers/current", token, null, null);
        if (r.statusCode() == 401) {
          return CrashHttp.login(intake, id);
        }
        if (r.statusCode() == 200) {
          for (JsonNode offer : JSON.readTree(r.body())) {
            offerRequests.put(offer.path("offerId").asText(), offer.path("requestId").asText());
            CrashHttp.send("POST", intake + "/api/v1/offers/" + offer.path("offerId").asText() + "/accept", token, "{}", null);
          }
        }
      } catch (Exception down) {
        // The stack is down or restarting: the next round tries again.
      }
      return token;
    });
  }

  /** Staff log one request; while the stack is down they retry it with the same key, as the form does. */
  private void logOne() {
    String key = UUID.randomUUID().toString();
    String body = "{\"channel\":\"PHONE\",\"urgency\":\"HIGH\",\"need\":\"CRISIS_COUNSELLING\",\"language\":\"en\","
        + "\"region\":\"" + REGION + "\",\"summary\":\"crash bench\"}";
    for (int attempt = 0; attempt < 120; attempt++) {
      try {
        HttpResponse<String> r = CrashHttp.send("POST", intake + "/api/v1/requests", staffToken, body, key);
        if (r.statusCode() / 100 == 2) {
          String id = JSON.readTree(r.body()).path("requestId").asText();
          loggedAt.put(id, System.nanoTime());
          acked.add(id);
          return;
        }
        if (r.statusCode() == 401) {
          staffToken = CrashHttp.login(intake, "staff");
        }
      } catch (Exception down) {
        // The stack is being killed or restarted: try again.
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void responders(int n) throws Exception {
    String admin = CrashHttp.login(intake, "admin");
    for (int i = 0; i < n; i++) {
      String id = REGION + "-r" + i;
      String body = "{\"displayName\":\"Crash bench responder " + i + "\",\"kind\":\"HOTLINE_COUNSELLOR\",\"region\":\""
          + REGION + "\",\"languages\":[\"en\"],\"specialties\":[],\"capacity\":20,\"contact\":{\"phone\":\"+1503555"
          + (3000 + i) + "\",\"email\":\"" + id + "@bench.example.org\"},\"channels\":[\"SMS\"],\"active\":true}";
      CrashHttp.send("PUT", intake + "/api/v1/responders/" + id, admin, body, null);
    }
    for (int i = 0; i < n; i++) {
      String id = REGION + "-r" + i;
      String token = null;
      for (int attempt = 0; token == null && attempt < 200; attempt++) {
        try {
          token = CrashHttp.login(intake, id);
        } catch (IllegalStateException notYet) {
          Thread.sleep(50);
        }
      }
      responderTokens.put(id, token);
      CrashHttp.send("PUT", intake + "/api/v1/responders/" + id + "/status", token,
          "{\"status\":\"AVAILABLE\",\"reason\":\"crash bench\"}", null);
    }
  }



}

package org.crisisline.system.web;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.crisisline.events.JsonSerde;
import org.crisisline.events.PiiCipher;
import org.crisisline.events.CallerKeys;
import org.crisisline.intake.IntakeApp;
import org.crisisline.records.RealPostgres;
import org.crisisline.records.RecordsConfig;
import org.crisisline.intake.IntakeConfig;
import org.crisisline.intake.openapi.OpenApiResponses;
import org.crisisline.localstack.MailCatcher;
import org.crisisline.smssink.SmsSink;
import org.crisisline.localstack.StackSettings;
import org.crisisline.notifier.NotifierApp;
import org.crisisline.notifier.NotifierConfig;
import org.crisisline.routing.RoutingApp;
import org.crisisline.routing.RoutingConfig;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The three real services (routing, notifier, intake) in this JVM against {@link RealKafka}'s
 * broker, with a GreenMail mail catcher and the SMS sink for the notifier's deliveries, for the
 * browser test classes ({@code @ExtendWith({RealKafka.class, WebStack.class})}, then
 * {@link #current()}). One stack is started by the first such class of the test JVM and shared by
 * the next ones (each works in regions, responders and phones of its own), because starting it
 * costs about ten seconds a class. It is closed when the JVM's test session ends
 * ({@link WebStackSessionEnd}), or earlier, by
 * {@link StackIsolation}, when a class that is not a shared-stack web class starts on the broker:
 * that class's own routing and notifier, or its reading of the topics, must never meet this stack's.
 * A class whose assertions cannot share (it reads something every region feeds) takes
 * {@link OwnWebStack} instead: a stack of its own, closed when the class ends.
 * Intake can be stopped and started again on the same port, which is what the dashboard's recovery
 * test needs. Also a small JSON client of intake's API, for the parts of a scenario that are not
 * what the test is about (registering responders, answering). Reads/writes no topics itself.
 */
public final class WebStack implements BeforeAllCallback, AutoCloseable {
  static final String PASSWORD = "web-test-demo-password";
  private static volatile WebStack current;
  /** The JVM's shared stack, or null; guarded by WebStack.class. */
  private static WebStack shared;

  private final Path dataDir;
  private final MailCatcher mail;
  private final SmsSink sms;
  private final RoutingApp routing;
  private final NotifierApp notifier;
  private final Map<String, String> intakeEnv;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private volatile IntakeApp intake;
  private volatile boolean intakeRunning;
  /** The contact-record read model of this stack's intake: a database of its own on the test JVM's PostgreSQL. */
  private final RecordsConfig records;
  private final int intakePort;

  /** For JUnit's extension instantiation only; the stack itself is {@link #get()}. */
  public WebStack() {
    this.dataDir = null;
    this.mail = null;
    this.sms = null;
    this.routing = null;
    this.notifier = null;
    this.intakeEnv = null;
    this.intakePort = 0;
    this.records = null;
  }

  private WebStack(String bootstrap) throws IOException {
    String run = UUID.randomUUID().toString().substring(0, 8);
    dataDir = Files.createTempDirectory("crisisline-web-");
    mail = new MailCatcher(0);
    sms = new SmsSink(0, StackSettings.SMS_ACCOUNT_SID, StackSettings.SMS_AUTH_TOKEN, mail::messages);
    routing = RoutingApp.start(RoutingConfig.fromEnv(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
        "CRISISLINE_DATA_DIR", dataDir.toString(),
        "CRISISLINE_ROUTING_PORT", "0",
        "CRISISLINE_ROUTING_APPLICATION_ID", "web-routing-" + run)));
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    env.put("CRISISLINE_HTTP_PORT", "0");
    // Fixed for the run, so a restarted intake still opens what the first one sealed.
    env.put("CRISISLINE_PII_KEY", PiiCipher.generateKeyring("web-" + run));
    env.put("CRISISLINE_LINK_SECRET", "web-link-secret-" + run);
    env.put("CRISISLINE_DEMO_PASSWORD", PASSWORD);
    env.put("CRISISLINE_LINK_SECRET", "web-link-secret-" + run);
    env.put("CRISISLINE_JWT_SECRET", "web-jwt-secret-" + run + "-" + UUID.randomUUID());
    env.put("CRISISLINE_DEV_OUTBOX_URL", sms.baseUrl() + "/outbox");
    env.put("CRISISLINE_INTAKE_CLIENT_ID", "web-intake-" + run);
    env.put("CRISISLINE_RATE_LIMIT_PER_MINUTE", "6000");
    records = RealPostgres.newDatabase().withCallerKey(CallerKeys.generate());
    intake = IntakeApp.start(IntakeConfig.fromEnv(env), records);
    intakeRunning = true;
    intakePort = intake.port();
    env.put("CRISISLINE_HTTP_PORT", Integer.toString(intakePort));
    intakeEnv = Map.copyOf(env);
    notifier = NotifierApp.start(NotifierConfig.fromEnv(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
        "CRISISLINE_NOTIFIER_PORT", "0",
        "SMTP_HOST", "127.0.0.1",
        "SMTP_PORT", Integer.toString(mail.port()),
        "SMS_BASE_URL", sms.baseUrl(),
        "SMS_AUTH_TOKEN", StackSettings.SMS_AUTH_TOKEN,
        "CRISISLINE_LINK_SECRET", env.get("CRISISLINE_LINK_SECRET"),
        "CRISISLINE_PUBLIC_URL", baseUrl(),
        "CRISISLINE_NOTIFIER_GROUP", "web-notifier-" + run)));
  }

  /** The stack of the running test class (started or reused by this extension before its @BeforeAll). */
  static WebStack current() {
    if (current == null) {
      throw new IllegalStateException("annotate the test class with @ExtendWith({RealKafka.class, WebStack.class})");
    }
    return current;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    // No browser, no point starting three services: fail at once with the install hint.
    Chromium.requireInstalled();
    current = shared();
  }

  /** Makes {@code stack} the one {@link #current()} answers (for {@link OwnWebStack}). */
  static void use(WebStack stack) {
    current = stack;
  }

  private static synchronized WebStack shared() {
    if (shared == null) {
      shared = start();
    } else if (!shared.intakeRunning) {
      // A class that failed between stopIntake() and startIntake() must not fail the next ones.
      shared.startIntake();
    }
    return shared;
  }

  /** Closes the shared stack, if one runs (the next shared-stack class starts a new one). */
  static synchronized void closeShared() {
    if (shared != null) {
      WebStack s = shared;
      shared = null;
      s.close();
    }
  }

  static WebStack start() {
    RealKafka.createTopics();
    try {
      return new WebStack(RealKafka.bootstrapServers());
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the web test stack", e);
    }
  }

  String baseUrl() {
    return "http://localhost:" + intakePort;
  }

  /** Stops intake only (routing and notifier keep running), as a crash or deploy would. */
  synchronized void stopIntake() {
    intakeRunning = false;
    intake.close();
  }

  /** Starts intake again on the same port with the same keys. */
  synchronized void startIntake() {
    intake = IntakeApp.start(IntakeConfig.fromEnv(intakeEnv), records);
    intakeRunning = true;
  }

  /**
   * A second intake on the same broker, on a free port, with these settings changed (e.g. a
   * short CRISISLINE_JWT_TTL_SECONDS); the caller closes it.
   */
  IntakeApp extraIntake(Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(intakeEnv);
    env.put("CRISISLINE_HTTP_PORT", "0");
    env.put("CRISISLINE_INTAKE_CLIENT_ID", intakeEnv.get("CRISISLINE_INTAKE_CLIENT_ID") + "-" + unique("extra"));
    env.putAll(overrides);
    return IntakeApp.start(IntakeConfig.fromEnv(env));
  }

  /** A unique, valid region name (lowercase, dash) so each test has a market of its own. */
  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  // ---- API client ----

  /** One demo account's password (derived from the stack's demo password). */
  static String password(String username) {
    return org.crisisline.intake.auth.DemoAccounts.passwordFor(PASSWORD, username);
  }

  String token(String username) {
    JsonNode session = call("POST", "/api/v1/session", null, Map.of("username", username, "password", password(username)), 200);
    return session.get("token").asText();
  }

  /** Registers a responder (email channel, to the mail catcher) and waits until they can sign in. */
  String registerResponder(String region, String kind) {
    String id = unique("r");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("displayName", "Web " + id);
    body.put("kind", kind);
    body.put("region", region);
    body.put("languages", List.of("en"));
    body.put("specialties", List.of());
    body.put("capacity", 1);
    body.put("contact", Map.of("email", id + "@responders.example.org"));
    body.put("channels", List.of("EMAIL"));
    body.put("active", true);
    call("PUT", "/api/v1/responders/" + id, token("admin"), body, 200, 201, 202, 204);
    await("responder " + id + " can sign in").atMost(Duration.ofSeconds(20)).ignoreExceptions()
        .until(() -> token(id) != null);
    return id;
  }

  void setStatus(String responderId, String status, String reason) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    if (reason != null) {
      body.put("reason", reason);
    }
    call("PUT", "/api/v1/responders/" + responderId + "/status", token(responderId), body, 200, 202, 204);
  }

  /** Logs a crisis-counselling request as staff from a caller's phone; returns its requestId. */
  String logRequestFrom(String phone, String urgency, String region) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("channel", "PHONE");
    body.put("urgency", urgency);
    body.put("need", "CRISIS_COUNSELLING");
    body.put("language", "en");
    body.put("region", region);
    body.put("callerContact", Map.of("phone", phone, "consentToContact", false));
    JsonNode r = call("POST", "/api/v1/requests", token("staff"), body, Map.of("Idempotency-Key", UUID.randomUUID().toString()), 202);
    return r.get("requestId").asText();
  }

  /** Logs a crisis-counselling request as staff; returns its requestId. */
  String logRequest(String urgency, String region) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("channel", "PHONE");
    body.put("urgency", urgency);
    body.put("need", "CRISIS_COUNSELLING");
    body.put("language", "en");
    body.put("region", region);
    body.put("summary", "web test request");
    JsonNode r = call("POST", "/api/v1/requests", token("staff"), body, Map.of("Idempotency-Key", UUID.randomUUID().toString()), 202);
    return r.get("requestId").asText();
  }

  JsonNode currentOffers(String responderId) {
    return call("GET", "/api/v1/offers/current", token(responderId), null, 200);
  }

  void accept(String responderId, String offerId) {
    call("POST", "/api/v1/offers/" + offerId + "/accept", token(responderId), Map.of(), 200, 202);
  }

  /** Staff cancel a request (the caller hung up). */
  void cancel(String requestId) {
    call("POST", "/api/v1/requests/" + requestId + "/cancel", token("staff"), Map.of("reason", "CALLER_DISCONNECTED"),
        202);
  }

  /** The accepting responder completes a request with a wrap-up body. */
  void complete(String responderId, String requestId, Map<String, Object> wrapUp) {
    call("POST", "/api/v1/requests/" + requestId + "/complete", token(responderId), wrapUp, 202);
  }

  /** GET /api/v1/reports/kpis?{query} as a supervisor. */
  JsonNode kpis(String query) {
    return call("GET", "/api/v1/reports/kpis?" + query, token("supervisor"), null, 200);
  }

  /** A request's risk level as staff see it ("null" when not screened). */
  String riskLevel(String requestId) {
    return call("GET", "/api/v1/requests/" + requestId, token("staff"), null, 200).path("riskLevel").asText();
  }

  /** A request's current status as staff see it. */
  String requestStatus(String requestId) {
    return call("GET", "/api/v1/requests/" + requestId, token("staff"), null, 200).path("status").asText();
  }

  /** Deactivates a responder (admin); they can no longer sign in or renew a session. */
  void deactivate(String responderId, String region) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("displayName", "Web " + responderId);
    body.put("kind", "HOTLINE_COUNSELLOR");
    body.put("region", region);
    body.put("languages", List.of("en"));
    body.put("specialties", List.of());
    body.put("capacity", 1);
    body.put("contact", Map.of("email", responderId + "@responders.example.org"));
    body.put("channels", List.of("EMAIL"));
    body.put("active", false);
    call("PUT", "/api/v1/responders/" + responderId, token("admin"), body, 200);
  }

  /** What the notifier sent by email so far (the mail catcher), oldest first. */
  List<org.crisisline.smssink.OutboxMessage> mailSent() {
    return mail.messages();
  }

  /** The signed link a page to {@code pageId} carries (as the notifier signs it), valid for ten minutes. */
  String pageLink(String pageId) {
    return "/a/" + org.crisisline.events.OfferLinks.forPages(intakeEnv.get("CRISISLINE_LINK_SECRET"),
        java.time.Clock.systemUTC()).sign(new org.crisisline.events.OfferLinks.Claims(pageId,
            java.time.Instant.now().plusSeconds(600)));
  }

  /** Puts a directory service (a LocalService-shaped body) as admin. */
  void putService(String serviceId, Map<String, Object> body) {
    call("PUT", "/api/v1/directory/" + serviceId, token("admin"), body, 200, 201);
  }

  /** Saves a person who may be on call, with their work contact, as admin. */
  void saveOnCallPerson(String userId, String name, String phone, String email) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("phone", phone);
    body.put("email", email);
    call("PUT", "/api/v1/oncall/people/" + userId, token("admin"), body, 200, 201);
  }

  /** Saves a schedule where {@code userId} is on call now and for a week (a weekly rotation of one). */
  void saveScheduleWith(String scheduleId, String userId) {
    Map<String, Object> rotation = new LinkedHashMap<>();
    rotation.put("participants", List.of(userId));
    rotation.put("shiftLength", 1);
    rotation.put("handoff", "WEEKLY");
    rotation.put("handoffTime", "09:00");
    rotation.put("handoffDay", "MONDAY");
    rotation.put("start", "2026-01-05T17:00:00Z");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "Web on call " + scheduleId);
    body.put("timeZone", "America/Los_Angeles");
    body.put("rotation", rotation);
    call("PUT", "/api/v1/schedules/" + scheduleId, token("admin"), body, 200, 201);
  }

  /** Requests staff logged today in the region (staff view). */
  int staffRequestsToday(String region) {
    int n = 0;
    for (JsonNode r : call("GET", "/api/v1/requests?mine=today", token("staff"), null, 200)) {
      if (region.equals(r.path("region").asText())) {
        n++;
      }
    }
    return n;
  }

  /** Raw status code of a GET with a bearer token, or with it as access_token query param. */
  int statusOf(String path, String token, boolean asQueryParam) {
    String uri = baseUrl() + path + (asQueryParam ? (path.contains("?") ? "&" : "?") + "access_token=" + token : "");
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).GET();
    if (!asQueryParam) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      return OpenApiResponses.check(http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray())).statusCode();
    } catch (IOException e) {
      throw new IllegalStateException("GET " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private JsonNode call(String method, String path, String token, Object body, int... ok) {
    return call(method, path, token, body, Map.of(), ok);
  }

  private JsonNode call(String method, String path, String token, Object body, Map<String, String> headers, int... ok) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(15))
          .header("Accept", "application/json");
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      headers.forEach(b::header);
      if (body == null) {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        b.header("Content-Type", "application/json");
        b.method(method, HttpRequest.BodyPublishers.ofByteArray(JsonSerde.MAPPER.writeValueAsBytes(body)));
      }
      HttpResponse<byte[]> res = OpenApiResponses.check(http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray()));
      for (int code : ok) {
        if (res.statusCode() == code) {
          return res.body().length == 0 ? JsonSerde.MAPPER.nullNode() : JsonSerde.MAPPER.readTree(res.body());
        }
      }
      throw new IllegalStateException(method + " " + path + " answered " + res.statusCode() + ": "
          + new String(res.body(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public synchronized void close() {
    if (intakeEnv == null) {
      return;
    }
    closeQuietly(notifier);
    closeQuietly(intake);
    closeQuietly(routing);
    closeQuietly(sms);
    closeQuietly(mail);
    if (current == this) {
      current = null;
    }
    try (var walk = Files.walk(dataDir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Routing's state dir is temp data; leaving it behind is harmless.
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (Exception e) {
      // Closing the rest matters more than one service's shutdown error.
    }
  }
}

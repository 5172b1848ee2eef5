package org.crisisline.intake.component;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.crisisline.events.JsonSerde;
import org.crisisline.events.PiiCipher;
import org.crisisline.intake.IntakeApp;
import org.crisisline.intake.IntakeConfig;
import org.crisisline.intake.auth.DemoAccounts;
import org.crisisline.intake.openapi.OpenApiResponses;
import org.crisisline.kafkalocal.RealKafka;

/**
 * One intake-service on the shared test broker, shared by the intake test classes of this JVM,
 * plus a small HTTP client. Each test uses fresh ids (responders, keys) so tests stay independent.
 */
final class IntakeFixture {
  static final String PASSWORD = "test-demo-password";
  static final String KEYRING = PiiCipher.generateKeyring("test-key");
  private static IntakeApp app;
  private static IntakeConfig config;
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private IntakeFixture() {}

  static synchronized IntakeApp app() {
    if (app == null) {
      RealKafka.createTopics();
      app = IntakeApp.start(config());
      Runtime.getRuntime().addShutdownHook(new Thread(app::close, "intake-fixture-close"));
    }
    return app;
  }

  static synchronized IntakeConfig config() {
    if (config == null) {
      config = IntakeConfig.fromEnv(IntakeConfig.withRandomSecrets(Map.of(
              "KAFKA_BOOTSTRAP_SERVERS", RealKafka.bootstrapServers(),
              "CRISISLINE_HTTP_PORT", "0",
              // Several event loops whatever the machine, so concurrent tests really race.
              "CRISISLINE_HTTP_EVENT_LOOPS", "4",
              "CRISISLINE_DEMO_PASSWORD", PASSWORD,
              "CRISISLINE_PII_KEY", KEYRING,
              "CRISISLINE_INTAKE_CLIENT_ID", "intake-test-" + UUID.randomUUID())))
          .withRegions(Set.of("north", "south"))
          .withRatePerMinute(1_000_000);
    }
    return config;
  }

  /** Restarts the shared intake (views rebuilt from the topics). */
  static synchronized IntakeApp restart() {
    app();
    app.close();
    app = IntakeApp.start(config());
    return app;
  }

  static String base() {
    return "http://localhost:" + app().port();
  }

  /** A response with its body parsed as JSON when it is JSON. */
  record Reply(int status, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JsonSerde.MAPPER.readTree(raw.body());
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + raw.body(), e);
      }
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    String body() {
      return raw.body();
    }
  }

  /** Calls intake; a response that breaks openapi.yaml fails the test (see {@link OpenApiResponses}). */
  static Reply call(String method, String path, String token, String body, String... headers) {
    Reply r = send(method, path, token, body, headers);
    OpenApiResponses.check(r.raw());
    return r;
  }

  /**
   * Calls what openapi.yaml deliberately leaves out (an unknown path, a CORS preflight): the
   * answer must still be an error as application/problem+json, as the description promises.
   */
  static Reply callUndocumented(String method, String path, String token, String body, String... headers) {
    Reply r = send(method, path, token, body, headers);
    OpenApiResponses.checkProblem(r.status(), r.header("Content-Type"),
        r.body() == null ? null : r.body().getBytes(StandardCharsets.UTF_8));
    return r;
  }

  private static Reply send(String method, String path, String token, String body, String... headers) {
    return sendTo(base(), method, path, token, body, headers);
  }

  /** {@link #call} to another intake than the shared one (e.g. one with the read model). */
  static Reply callAt(String base, String method, String path, String token, String body, String... headers) {
    Reply r = sendTo(base, method, path, token, body, headers);
    OpenApiResponses.check(r.raw());
    return r;
  }

  private static Reply sendTo(String base, String method, String path, String token, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    boolean typed = false;
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
      typed |= headers[i].equalsIgnoreCase("Content-Type");
    }
    if (body != null && !typed) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r);
    } catch (Exception e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    }
  }

  static String login(String username) {
    Reply r = call("POST", "/api/v1/session", null,
        "{\"username\":\"" + username + "\",\"password\":\"" + password(username) + "\"}");
    if (r.status() != 200) {
      throw new AssertionError("login " + username + " → " + r.status() + " " + r.body());
    }
    return r.json().get("token").asText();
  }

  private static final Map<String, String> PASSWORDS = new java.util.concurrent.ConcurrentHashMap<>();

  /** The demo password of one account (each account has its own, derived from the demo password). */
  static String password(String username) {
    return PASSWORDS.computeIfAbsent(username, u -> DemoAccounts.passwordFor(PASSWORD, u));
  }

  static String newResponderId() {
    return "resp-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String responderBody(String region) {
    return """
        {"displayName": "Test Responder", "kind": "HOTLINE_COUNSELLOR", "region": "%s", "languages": ["en", "es"],
         "specialties": ["VETERANS"], "capacity": 2, "contact": {"phone": "+15035550111", "email": "r@example.org"},
         "channels": ["SMS", "EMAIL"], "active": true}""".formatted(region);
  }

  /** Creates a responder through the admin API and returns a token for them. */
  static String responder(String adminToken, String responderId) {
    Reply put = call("PUT", "/api/v1/responders/" + responderId, adminToken, responderBody("north"));
    if (put.status() != 201 && put.status() != 200) {
      throw new AssertionError("PUT responder → " + put.status() + " " + put.body());
    }
    return login(responderId);
  }

  static final String REQUEST = """
      {"channel": "PHONE", "urgency": "HIGH", "need": "CRISIS_COUNSELLING", "language": "en", "region": "north",
       "postalCode": "97201", "ageGroup": "ADULT", "specialties": ["VETERANS"],
       "summary": "%s", "callerContact": {"phone": "%s", "email": "%s", "consentToContact": true}}""";

  static String request(String summary, String phone, String email) {
    return REQUEST.formatted(summary, phone, email);
  }
}

package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crisisline.intake.component.IntakeFixture.call;
import static org.crisisline.intake.component.IntakeFixture.login;

import java.util.UUID;
import org.crisisline.intake.IntakeApp;
import org.crisisline.intake.IntakeConfig;
import org.crisisline.intake.openapi.OpenApiResponses;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Size and media-type limits, problem responses, security headers, closed CORS, rate limits, ops endpoints. */
@ExtendWith(RealKafka.class)
class IntakeHttpHygieneTest {
  private static String staff;

  @BeforeAll
  static void start() {
    IntakeFixture.app();
    staff = login("staff");
  }

  @Test
  void oversizedBodiesAre413AndWrongMediaTypes415AsProblems() {
    String big = "{\"summary\":\"" + "x".repeat(70 * 1024) + "\"}";
    var tooBig = call("POST", "/api/v1/requests", staff, big, "Idempotency-Key", UUID.randomUUID().toString());
    assertThat(tooBig.status()).isEqualTo(413);
    assertThat(tooBig.header("Content-Type")).startsWith("application/problem+json");
    var text = call("POST", "/api/v1/requests", staff, "hello", "Content-Type", "text/plain",
        "Idempotency-Key", UUID.randomUUID().toString());
    assertThat(text.status()).isEqualTo(415);
    assertThat(text.json().get("status").asInt()).isEqualTo(415);
  }

  @Test
  void invalidBodiesNameTheFieldsAtFault() {
    var r = call("POST", "/api/v1/requests", staff,
        IntakeFixture.request("n", "555", "nope").replace("\"north\"", "\"atlantis\""),
        "Idempotency-Key", UUID.randomUUID().toString());
    assertThat(r.status()).isEqualTo(400);
    assertThat(IntakeDirectoryTest.fields(r.json().get("errors")))
        .contains("region", "callerContact.phone", "callerContact.email");
  }

  @Test
  void eachFieldAtFaultIsListedOnceWithoutGenericSchemaDuplicates() {
    // Given a body missing its urgency, with an unknown field and a channel that does not exist
    String body = IntakeFixture.request("n", "+15035550100", "a@example.org")
        .replace("\"urgency\": \"HIGH\", ", "").replace("\"PHONE\"", "\"FAX\"")
        .replace("\"ageGroup\": \"ADULT\"", "\"ageGroup\": \"ADULT\", \"extra\": 1");
    // When posted
    var r = call("POST", "/api/v1/requests", staff, body, "Idempotency-Key", UUID.randomUUID().toString());
    // Then 400 naming each of those fields once, and nothing blamed on the body as a whole
    assertThat(r.status()).isEqualTo(400);
    var fields = IntakeDirectoryTest.fields(r.json().get("errors"));
    assertThat(fields).contains("urgency", "channel", "extra").doesNotHaveDuplicates().doesNotContain("body");
    assertThat(r.body()).doesNotContain("violates schema keyword 'required'");
  }

  @Test
  void everyResponseCarriesSecurityHeadersAndNoCorsGrant() {
    var r = call("GET", "/api/v1/responders", login("supervisor"), null, "Origin", "https://evil.example");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(r.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
    assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    var preflight = IntakeFixture.callUndocumented("OPTIONS", "/api/v1/requests", null, null, "Origin", "https://evil.example",
        "Access-Control-Request-Method", "POST");
    assertThat(preflight.status()).isEqualTo(403);
    assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void opsEndpointsAndTheOpenApiDocumentAreServed() {
    assertThat(call("GET", "/health", null, null).status()).isEqualTo(200);
    assertThat(call("GET", "/ready", null, null).status()).isEqualTo(200);
    assertThat(call("GET", "/metrics", null, null).body()).contains("crisisline_intake_http_responses_total");
    var openapi = call("GET", "/api/v1/openapi.yaml", null, null);
    assertThat(openapi.status()).isEqualTo(200);
    assertThat(openapi.body()).startsWith("openapi: 3").contains("/api/v1/requests");
    var unknown = IntakeFixture.callUndocumented("GET", "/api/v1/nothing-here", staff, null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
    assertThat(call("GET", "/api/v1/dev/outbox", login("supervisor"), null).status()).isEqualTo(404);
  }

  @Test
  void theWebPagesAreServedWithAPageSecurityPolicy() {
    for (String page : new String[] {"/", "/responder", "/dashboard", "/dev/outbox", "/login", "/assets/app.css"}) {
      var r = call("GET", page, null, null);
      assertThat(r.status()).as(page).isEqualTo(200);
      assertThat(r.header("Content-Security-Policy")).as(page).contains("script-src 'self'");
      assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
    }
    assertThat(call("GET", "/dashboard", null, null).body()).contains("<html");
    assertThat(call("GET", "/nope.html", null, null).status()).isEqualTo(404);
  }

  @Test
  void theDevOutboxProxiesTheLocalStacksOutboxForSupervisors() throws Exception {
    // Given an outbox served where CRISISLINE_DEV_OUTBOX_URL points
    byte[] messages = "[{\"channel\":\"SMS\",\"to\":\"+15035550111\",\"body\":\"offer\",\"offerId\":\"o1\"}]"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    var outbox = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("localhost", 0), 0);
    outbox.createContext("/outbox", ex -> {
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, messages.length);
      ex.getResponseBody().write(messages);
      ex.close();
    });
    outbox.start();
    IntakeConfig local = IntakeFixture.config().withHttpPort(0)
        .withDevOutboxUrl("http://localhost:" + outbox.getAddress().getPort() + "/outbox");
    try (IntakeApp app = IntakeApp.start(local)) {
      var client = java.net.http.HttpClient.newHttpClient();
      var response = OpenApiResponses.check(client.send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("http://localhost:" + app.port() + "/api/v1/dev/outbox"))
          .header("Authorization", "Bearer " + login("supervisor")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()));
      // Then a supervisor sees those messages as they are
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"offerId\":\"o1\"");
    } finally {
      outbox.stop(0);
    }
  }

  @Test
  void aUserOverTheirBudgetGets429() {
    // Given an intake allowing 3 requests per minute per user
    IntakeConfig tight = IntakeFixture.config().withRatePerMinute(3).withHttpPort(0);
    try (IntakeApp limited = IntakeApp.start(tight)) {
      String base = "http://localhost:" + limited.port();
      var client = java.net.http.HttpClient.newHttpClient();
      int last = 0;
      for (int i = 0; i < 4; i++) {
        try {
          last = OpenApiResponses.check(client.send(java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create(base + "/api/v1/requests?mine=today"))
              .header("Authorization", "Bearer " + staff).build(), java.net.http.HttpResponse.BodyHandlers.ofString()))
              .statusCode();
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }
      // Then the fourth is refused
      assertThat(last).isEqualTo(429);
    }
  }
}

package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crisisline.intake.component.IntakeFixture.call;
import static org.crisisline.intake.component.IntakeFixture.login;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.crisisline.intake.IntakeApp;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two intake instances on one broker, as behind the proxy: a logout at one ends the session at
 * both, through {@code session-revocations}. The second instance is published as https, so it
 * also answers with HSTS, and sits behind a trusted proxy (the test) with tight anonymous budgets.
 */
@ExtendWith(RealKafka.class)
class IntakeLogoutTest {
  private static IntakeApp other;

  @BeforeAll
  static void start() {
    IntakeFixture.app();
    other = IntakeApp.start(IntakeFixture.config().withClientId("intake-test-other-" + UUID.randomUUID())
        .withPublicUrl("https://crisisline.example").withRatePerMinute(300)
        .withTrustedProxies(java.util.List.of("127.0.0.1", "::1")));
  }

  @AfterAll
  static void stop() {
    if (other != null) {
      other.close();
    }
  }

  private static int status(IntakeApp app, String method, String path, String token) {
    return send(app, method, path, token).statusCode();
  }

  private static HttpResponse<String> send(IntakeApp app, String method, String path, String token) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path))
          .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void loggedOutTokenIsRefusedByEveryIntakeInstance() {
    // Given a staff member signed in, whose token works at both instances
    String token = login("staff");
    String mine = "/api/v1/requests?mine=today";
    assertThat(call("GET", mine, token, null).status()).isEqualTo(200);
    assertThat(status(other, "GET", mine, token)).isEqualTo(200);
    // When they sign out at the first
    assertThat(call("POST", "/api/v1/session/logout", token, null).status()).isEqualTo(204);
    // Then the first refuses the token at once, and it cannot be renewed
    assertThat(call("GET", mine, token, null).status()).isEqualTo(401);
    assertThat(call("POST", "/api/v1/session/refresh", token, null).status()).isEqualTo(401);
    // And the second refuses it as soon as it has read the revocation
    await().atMost(Duration.ofSeconds(10)).until(() -> status(other, "GET", mine, token) == 401);
    // While a new sign-in of the same person works
    assertThat(call("GET", mine, login("staff"), null).status()).isEqualTo(200);
  }

  @Test
  void aRenewedTokenDiesWithItsSession() {
    // Given a token and its renewal
    String token = login("supervisor");
    String renewed = call("POST", "/api/v1/session/refresh", token, null).json().get("token").asText();
    // When the renewed one signs out, Then the original is refused too, at both instances
    assertThat(status(other, "POST", "/api/v1/session/logout", renewed)).isEqualTo(204);
    assertThat(status(other, "GET", "/api/v1/queues", token)).isEqualTo(401);
    await().atMost(Duration.ofSeconds(10)).until(() -> call("GET", "/api/v1/queues", token, null).status() == 401);
  }

  @Test
  void httpsDeploymentsAnswerWithStrictTransportSecurity() {
    // Given one instance published at https and one at plain http (no public URL)
    // Then only the https one sends HSTS, on pages and API answers alike
    assertThat(send(other, "GET", "/health", null).headers().firstValue("Strict-Transport-Security"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("max-age="));
    assertThat(send(other, "GET", "/login", null).headers().firstValue("Strict-Transport-Security")).isPresent();
    assertThat(call("GET", "/health", null, null).header("Strict-Transport-Security")).isNull();
  }

  @Test
  void oneClientBehindTheProxyCannotExhaustEveryonesLoginBudget() throws Exception {
    // Given one client behind the proxy spending the anonymous login budget (30 a minute)
    int status = 0;
    for (int i = 0; i < 40 && status != 429; i++) {
      status = loginVia(other, "203.0.113.7", "nobody-" + i).statusCode();
    }
    assertThat(status).isEqualTo(429);
    // Then a client claiming to be someone else in a spoofed left-most entry is still itself:
    // refused within a few tries (the budget refills one try every 2 s, so a slow machine may
    // let one through; a trusted left-most entry would have a fresh budget of 30 and pass all)
    assertThat(firstRefusal(other, "203.0.113.8, 203.0.113.7", 3)).isPositive();
    // And another client behind the same proxy still gets to sign in
    assertThat(loginVia(other, "203.0.113.8", "somebody").statusCode()).isEqualTo(401);
  }

  /** The attempt (1-based) that was refused with 429 within {@code tries}, or 0 if none was. */
  private static int firstRefusal(IntakeApp app, String forwardedFor, int tries) throws Exception {
    for (int i = 1; i <= tries; i++) {
      if (loginVia(app, forwardedFor, "spoofer-" + i).statusCode() == 429) {
        return i;
      }
    }
    return 0;
  }

  private static HttpResponse<String> loginVia(IntakeApp app, String forwardedFor, String username) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port()
            + "/api/v1/session")).header("Content-Type", "application/json").header("X-Forwarded-For", forwardedFor)
        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\",\"password\":\"wrong\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}

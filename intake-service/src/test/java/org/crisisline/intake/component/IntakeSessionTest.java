package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crisisline.intake.component.IntakeFixture.call;
import static org.crisisline.intake.component.IntakeFixture.login;

import java.time.Duration;
import java.time.Instant;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * POST /api/v1/session/refresh: a valid token is renewed for the same user and roles, so a screen
 * left open stays signed in; an expired, tampered or missing token still means signing in again.
 */
@ExtendWith(RealKafka.class)
class IntakeSessionTest {
  private static String admin;

  @BeforeAll
  static void start() {
    IntakeFixture.app();
    admin = login("admin");
  }

  @Test
  void aTokenAboutToExpireIsRenewedWithTheSameRolesAndALaterExpiry() {
    // Given a supervisor's token with 30 s left
    String shortLived = Tokens.shortLived("supervisor", "supervisor", Duration.ofSeconds(30));
    // When it is refreshed
    var r = call("POST", "/api/v1/session/refresh", shortLived, null);
    // Then a fresh token for the same user and role comes back, living the full configured TTL
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("username").asText()).isEqualTo("supervisor");
    assertThat(r.json().get("role").asText()).isEqualTo("supervisor");
    assertThat(r.json().get("roles").toString()).isEqualTo("[\"supervisor\"]");
    assertThat(Instant.parse(r.json().get("expiresAt").asText())).isAfter(Instant.now().plusSeconds(60));
    // And it works where the old one did
    String fresh = r.json().get("token").asText();
    assertThat(call("GET", "/api/v1/queues", fresh, null).status()).isEqualTo(200);
  }

  @Test
  void aRespondersRenewedTokenStillNamesThemAndOnlyThem() {
    // Given a responder signed in
    String id = IntakeFixture.newResponderId();
    String responder = IntakeFixture.responder(admin, id);
    // When they refresh
    var r = call("POST", "/api/v1/session/refresh", responder, null);
    // Then the new token is theirs, as a responder, and no more
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("responderId").asText()).isEqualTo(id);
    String fresh = r.json().get("token").asText();
    assertThat(call("GET", "/api/v1/responders/" + id, fresh, null).status()).isEqualTo(200);
    assertThat(call("GET", "/api/v1/queues", fresh, null).status()).isEqualTo(403);
  }

  @Test
  void expiredTamperedOrMissingTokensAreNotRenewed() {
    for (String token : new String[] {Tokens.expired("staff", "staff"), Tokens.tampered(login("staff")), null}) {
      var r = call("POST", "/api/v1/session/refresh", token, null);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    }
  }

  @Test
  void aResponderMadeInactiveCannotRenewTheirSession() {
    // Given a signed-in responder whom an admin then deactivates
    String id = IntakeFixture.newResponderId();
    String responder = IntakeFixture.responder(admin, id);
    assertThat(call("PUT", "/api/v1/responders/" + id, admin, IntakeFixture.responderBody("north")
        .replace("\"active\": true", "\"active\": false")).status()).isEqualTo(200);
    // When their page tries to renew the token, Then they have to sign in (and cannot)
    assertThat(call("POST", "/api/v1/session/refresh", responder, null).status()).isEqualTo(401);
  }
}

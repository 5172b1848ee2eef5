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
  void refreshStopsAtTheAbsoluteSessionLifetime() {
    // Given a session that signed in 12 h less 20 s ago (the limit is 12 h)
    Instant signedIn = Instant.now().minus(Duration.ofHours(12)).plusSeconds(20);
    String nearTheEnd = Tokens.ofSessionSince("staff", "staff", signedIn);
    // When it is refreshed, Then the new token ends with the session, not a full TTL later
    var r = call("POST", "/api/v1/session/refresh", nearTheEnd, null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(Instant.parse(r.json().get("expiresAt").asText()))
        .isBeforeOrEqualTo(signedIn.plus(Duration.ofHours(12)));
    // And a token of a session that signed in more than 12 h ago (still unexpired) is not renewed at all
    String tooOld = Tokens.ofSessionSince("staff", "staff", Instant.now().minus(Duration.ofHours(13)));
    assertThat(call("GET", "/api/v1/requests?mine=today", tooOld, null).status()).isEqualTo(200);
    var refused = call("POST", "/api/v1/session/refresh", tooOld, null);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.header("WWW-Authenticate")).contains("invalid_token");
  }

  @Test
  void deactivatedResponderLosesAccessAtOnce() {
    // Given a signed-in responder using the API
    String id = IntakeFixture.newResponderId();
    String responder = IntakeFixture.responder(admin, id);
    assertThat(call("GET", "/api/v1/offers/current", responder, null).status()).isEqualTo(200);
    // When an admin deactivates them
    assertThat(call("PUT", "/api/v1/responders/" + id, admin, IntakeFixture.responderBody("north")
        .replace("\"active\": true", "\"active\": false")).status()).isEqualTo(200);
    // Then their still-unexpired token opens nothing, at once
    for (String path : new String[] {"/api/v1/offers/current", "/api/v1/responders/" + id}) {
      var r = call("GET", path, responder, null);
      assertThat(r.status()).as(path).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).contains("invalid_token");
    }
    // And a validly signed responder token (as an identity provider would issue) for a responder
    // intake does not know as active is refused just the same
    assertThat(call("GET", "/api/v1/offers/current", Tokens.forUser("ghost-" + id, "responder"), null).status())
        .isEqualTo(401);
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

  @Test
  void anAccountUnderPasswordGuessingIsLockedEvenForTheRightPassword() {
    // Given a responder account someone guesses at, ten times
    String id = IntakeFixture.newResponderId();
    IntakeFixture.responder(admin, id);
    for (int i = 0; i < 10; i++) {
      assertThat(call("POST", "/api/v1/session", null, "{\"username\":\"" + id + "\",\"password\":\"guess-" + i + "\"}")
          .status()).isEqualTo(401);
    }
    // When the right password comes next, Then it is refused too, with a time to come back
    var locked = call("POST", "/api/v1/session", null,
        "{\"username\":\"" + id + "\",\"password\":\"" + IntakeFixture.password(id) + "\"}");
    assertThat(locked.status()).isEqualTo(429);
    assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(800L, 900L);
    // While other accounts sign in as usual
    assertThat(login("staff")).isNotBlank();
  }
}

package org.crisisline.intake.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.crisisline.intake.IntakeConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenServiceTest {
  private final Vertx vertx = Vertx.vertx();
  private final IntakeConfig config = IntakeConfig.local("localhost:9092", "pw");

  @AfterEach
  void close() {
    vertx.close();
  }

  private static Principal verify(TokenService tokens, String token) {
    try {
      return tokens.verify(token).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      org.slf4j.LoggerFactory.getLogger(TokenServiceTest.class).info("refused: {}", e.toString());
      return null;
    }
  }

  @Test
  void anIssuedTokenVerifiesWithItsRolesAndResponderId() {
    TokenService tokens = new TokenService(vertx, config);
    var issued = tokens.issue(new Principal("r1", List.of("responder"), "r1"));
    Principal who = verify(tokens, issued.token());
    assertThat(who).isNotNull();
    assertThat(who.roles()).containsExactly("responder");
    assertThat(who.responderId()).isEqualTo("r1");
    assertThat(issued.expiresAt()).isBefore(java.time.Instant.now().plus(Duration.ofSeconds(901)));
  }

  @Test
  void aTamperedTokenOrOneFromAnotherSecretIsRefused() {
    TokenService tokens = new TokenService(vertx, config);
    String token = tokens.issue(new Principal("staff", List.of("staff"), null)).token();
    String[] parts = token.split("\\.");
    String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"sub\":\"staff\",\"roles\":[\"admin\"],\"iss\":\"crisisline\",\"exp\":9999999999}".getBytes());
    assertThat(verify(tokens, parts[0] + "." + forgedPayload + "." + parts[2])).isNull();
    // Flip the first signature character: all its 6 bits are signature (the last one's low bits
    // are base64 padding, so changing it can leave the decoded signature unchanged).
    char first = parts[2].charAt(0);
    assertThat(verify(tokens, parts[0] + "." + parts[1] + "." + (first == 'A' ? 'B' : 'A')
        + parts[2].substring(1))).isNull();
    TokenService other = new TokenService(vertx, IntakeConfig.fromEnv(IntakeConfig.withRandomSecrets(
        Map.of("CRISISLINE_JWT_SECRET", "another-secret-another-secret-another-secret"))));
    assertThat(verify(other, token)).isNull();
  }

  @Test
  void onlyTokensIntakeSignedItselfAreRenewableHere() {
    // Given intake's own token and one signed with RS256, as an identity provider would
    TokenService tokens = new TokenService(vertx, config);
    String own = tokens.issue(new Principal("staff", List.of("staff"), null)).token();
    String rs256Header = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes());
    // Then only intake's own is renewed by intake
    assertThat(tokens.issuedHere(own)).isTrue();
    assertThat(tokens.issuedHere(rs256Header + own.substring(own.indexOf('.')))).isFalse();
    assertThat(tokens.issuedHere("garbage")).isFalse();
    assertThat(tokens.issuedHere(null)).isFalse();
  }

  @Test
  void anAlgNoneTokenIsRefused() {
    TokenService tokens = new TokenService(vertx, config);
    var enc = java.util.Base64.getUrlEncoder().withoutPadding();
    String none = enc.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes()) + "."
        + enc.encodeToString("{\"sub\":\"a\",\"roles\":[\"admin\"],\"iss\":\"crisisline\",\"exp\":9999999999}".getBytes()) + ".";
    assertThat(verify(tokens, none)).isNull();
  }

  @Test
  void anExpiredTokenIsRefused() {
    TokenService shortLived = new TokenService(vertx, config.withJwtTtl(Duration.ofSeconds(-60)));
    String token = shortLived.issue(new Principal("staff", List.of("staff"), null)).token();
    assertThat(verify(shortLived, token)).isNull();
  }
}

package org.crisisline.intake.component;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.nio.charset.StandardCharsets;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.auth.TokenService;

/** Tokens the demo logins cannot give: expired, tampered, or for a user that has no demo account. */
final class Tokens {
  private static final Vertx VERTX = Vertx.vertx();

  private Tokens() {}

  static String expired(String username, String role) {
    TokenService past = new TokenService(VERTX, IntakeFixture.config().withJwtTtl(Duration.ofSeconds(-120)));
    return past.issue(new Principal(username, List.of(role), role.equals("responder") ? username : null)).token();
  }

  static String shortLived(String username, String role, Duration ttl) {
    TokenService tokens = new TokenService(VERTX, IntakeFixture.config().withJwtTtl(ttl));
    return tokens.issue(new Principal(username, List.of(role), null)).token();
  }

  static String forUser(String username, String role) {
    TokenService tokens = new TokenService(VERTX, IntakeFixture.config());
    return tokens.issue(new Principal(username, List.of(role), role.equals("responder") ? username : null)).token();
  }

  /** The token's payload rewritten to claim admin and every role, signature kept. */
  static String tampered(String token) {
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replaceAll("\"roles\":\\[[^]]*]", "\"roles\":[\"staff\",\"responder\",\"supervisor\",\"admin\"]");
    return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + "." + parts[2];
  }
}

package org.crisisline.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Intake started on its own, outside the local stack, has no secret to fall back to: it refuses
 * to start and names what is missing, rather than signing tokens with a key published in the
 * source. With OIDC it needs the audience, and keeps its own logins off unless told otherwise.
 */
class IntakeConfigTest {
  private static Map<String, String> complete() {
    return IntakeConfig.withRandomSecrets(Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"));
  }

  private static Map<String, String> without(String name) {
    Map<String, String> env = new HashMap<>(complete());
    env.remove(name);
    return env;
  }

  private static Map<String, String> with(String name, String value) {
    Map<String, String> env = new HashMap<>(complete());
    env.put(name, value);
    return env;
  }

  @Test
  void theRecentWindowIsInHoursDecimalAllowedNoShorterThanFiveMinutesOrTheDetailsGrace() {
    assertThat(IntakeConfig.fromEnv(complete()).recentWindow()).isEqualTo(Duration.ofHours(36));
    Map<String, String> env = new HashMap<>(complete());
    env.put("CRISISLINE_RECENT_HOURS", "0.1");
    env.put("CRISISLINE_DETAILS_GRACE_SECONDS", "300");
    assertThat(IntakeConfig.fromEnv(env).recentWindow()).isEqualTo(Duration.ofMinutes(6));
    // Shorter than the time a responder may still read the details (default an hour): refused
    assertThatThrownBy(() -> IntakeConfig.fromEnv(with("CRISISLINE_RECENT_HOURS", "0.5")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CRISISLINE_DETAILS_GRACE_SECONDS");
    env.put("CRISISLINE_RECENT_HOURS", "0.05");
    assertThatThrownBy(() -> IntakeConfig.fromEnv(env)).hasMessageContaining("5 minutes");
    for (String bad : new String[] {"-1", "0", "soon", "NaN"}) {
      assertThatThrownBy(() -> IntakeConfig.fromEnv(with("CRISISLINE_RECENT_HOURS", bad)))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("CRISISLINE_RECENT_HOURS must be a positive number of hours");
    }
  }

  @Test
  void idempotencyKeysAreKeptADayUnlessToldOtherwiseAndNeverUnderSixMinutes() {
    assertThat(IntakeConfig.fromEnv(complete()).idempotencyTtl()).isEqualTo(Duration.ofHours(24));
    assertThat(IntakeConfig.fromEnv(with("CRISISLINE_IDEMPOTENCY_HOURS", "0.25")).idempotencyTtl())
        .isEqualTo(Duration.ofMinutes(15));
    assertThatThrownBy(() -> IntakeConfig.fromEnv(with("CRISISLINE_IDEMPOTENCY_HOURS", "0.05")))
        .hasMessageContaining("CRISISLINE_IDEMPOTENCY_HOURS");
  }

  @Test
  void intakeRefusesToStartWithDevSecretsOutsideLocalStack() {
    // Given an environment lacking one secret, When intake builds its config, Then it refuses, naming it
    for (String name : new String[] {"CRISISLINE_JWT_SECRET", "CRISISLINE_LINK_SECRET", "CRISISLINE_PII_KEY"}) {
      assertThatThrownBy(() -> IntakeConfig.fromEnv(without(name))).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(name);
    }
    // And the old public placeholders are refused when set explicitly
    assertThatThrownBy(() -> IntakeConfig.fromEnv(with("CRISISLINE_JWT_SECRET",
        "local-dev-jwt-secret-change-me-please-32b"))).hasMessageContaining("CRISISLINE_JWT_SECRET");
    assertThatThrownBy(() -> IntakeConfig.fromEnv(with("CRISISLINE_LINK_SECRET", "local-dev-link-secret-change-me")))
        .hasMessageContaining("CRISISLINE_LINK_SECRET");
    // And a JWT secret too short for HS256 is refused
    assertThatThrownBy(() -> IntakeConfig.fromEnv(with("CRISISLINE_JWT_SECRET", "short")))
        .hasMessageContaining("CRISISLINE_JWT_SECRET");
    // And the message never quotes the value
    assertThatThrownBy(() -> IntakeConfig.fromEnv(with("CRISISLINE_JWT_SECRET", "short")))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("short\""));
    // While a complete environment starts
    assertThat(IntakeConfig.fromEnv(complete()).sessionMax()).isEqualTo(Duration.ofHours(12));
  }

  @Test
  void oidcWithoutAnAudienceIsRefused() {
    // Given a JWKS URL but no audience, Then intake refuses to start, naming the variable
    assertThatThrownBy(() -> IntakeConfig.fromEnv(with("CRISISLINE_JWT_JWKS_URL", "https://idp.example/jwks")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("CRISISLINE_JWT_AUDIENCE");
  }
}

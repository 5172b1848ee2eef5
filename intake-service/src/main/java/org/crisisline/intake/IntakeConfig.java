package org.crisisline.intake;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.crisisline.events.KafkaClientSecurity;
import org.crisisline.events.PiiCipher;

/**
 * Everything intake-service reads from its environment, with a local default for each.
 * Tests build it directly or through {@link #fromEnv(Map)}. Secrets are never printed:
 * {@link #toString()} names only which ones are set.
 *
 * @param bootstrapServers   KAFKA_BOOTSTRAP_SERVERS
 * @param httpPort           CRISISLINE_HTTP_PORT (0 = any free port; see {@link IntakeApp#port()})
 * @param httpEventLoops     CRISISLINE_HTTP_EVENT_LOOPS, event loops serving HTTP (default: one per core)
 * @param piiKeyring         CRISISLINE_PII_KEY, keyring "id:base64,..." (generated when unset)
 * @param linkSecret         CRISISLINE_LINK_SECRET, shared with the notifier for /r/{token}
 * @param jwtSecret          CRISISLINE_JWT_SECRET, HS256 key of the tokens intake issues
 * @param jwtIssuer          CRISISLINE_JWT_ISSUER
 * @param jwtTtl             CRISISLINE_JWT_TTL_SECONDS
 * @param jwksUrl            CRISISLINE_JWT_JWKS_URL; set = accept tokens of that OIDC provider
 * @param jwtAudience        CRISISLINE_JWT_AUDIENCE; set = tokens must name it in {@code aud}
 * @param demoPassword       CRISISLINE_DEMO_PASSWORD; unset = no demo accounts
 * @param devOutboxUrl       CRISISLINE_DEV_OUTBOX_URL; unset = /api/v1/dev/outbox is 404
 * @param knownRegions       CRISISLINE_REGIONS (comma list), added to regions learnt from topics
 * @param ratePerMinute      CRISISLINE_RATE_LIMIT_PER_MINUTE, per user (or per address if anonymous)
 * @param clientId           CRISISLINE_INTAKE_CLIENT_ID, prefix of Kafka client ids
 * @param startTimeout       how long start() waits for topics and views
 * @param kafkaSecurity      KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*, KAFKA_SSL_* (see {@link KafkaClientSecurity})
 */
public record IntakeConfig(
    String bootstrapServers,
    int httpPort,
    int httpEventLoops,
    String piiKeyring,
    String linkSecret,
    String jwtSecret,
    String jwtIssuer,
    Duration jwtTtl,
    String jwksUrl,
    String jwtAudience,
    String demoPassword,
    String devOutboxUrl,
    Set<String> knownRegions,
    int ratePerMinute,
    String clientId,
    Duration startTimeout,
    KafkaClientSecurity kafkaSecurity) {

  public static final String DEV_JWT_SECRET = "local-dev-jwt-secret-change-me-please-32b";
  public static final String DEV_LINK_SECRET = "local-dev-link-secret-change-me";

  public IntakeConfig {
    knownRegions = knownRegions == null ? Set.of() : Set.copyOf(knownRegions);
    if (httpEventLoops < 1) {
      throw new IllegalArgumentException("CRISISLINE_HTTP_EVENT_LOOPS must be at least 1");
    }
    kafkaSecurity = kafkaSecurity == null ? KafkaClientSecurity.NONE : kafkaSecurity;
  }

  /** Builds the config from environment variables; everything has a local default. */
  public static IntakeConfig fromEnv(Map<String, String> env) {
    return new IntakeConfig(
        get(env, "KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
        Integer.parseInt(get(env, "CRISISLINE_HTTP_PORT", "8080")),
        Integer.parseInt(get(env, "CRISISLINE_HTTP_EVENT_LOOPS",
            Integer.toString(Runtime.getRuntime().availableProcessors()))),
        get(env, "CRISISLINE_PII_KEY", PiiCipher.generateKeyring("local-" + System.currentTimeMillis())),
        get(env, "CRISISLINE_LINK_SECRET", DEV_LINK_SECRET),
        get(env, "CRISISLINE_JWT_SECRET", DEV_JWT_SECRET),
        get(env, "CRISISLINE_JWT_ISSUER", "crisisline"),
        Duration.ofSeconds(Long.parseLong(get(env, "CRISISLINE_JWT_TTL_SECONDS", "900"))),
        get(env, "CRISISLINE_JWT_JWKS_URL", null),
        get(env, "CRISISLINE_JWT_AUDIENCE", null),
        get(env, "CRISISLINE_DEMO_PASSWORD", null),
        get(env, "CRISISLINE_DEV_OUTBOX_URL", null),
        Arrays.stream(get(env, "CRISISLINE_REGIONS", "").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet()),
        Integer.parseInt(get(env, "CRISISLINE_RATE_LIMIT_PER_MINUTE", "600")),
        get(env, "CRISISLINE_INTAKE_CLIENT_ID", "intake"),
        Duration.ofSeconds(Long.parseLong(get(env, "CRISISLINE_INTAKE_START_TIMEOUT_SECONDS", "60"))),
        KafkaClientSecurity.fromEnv(env));
  }

  /** A local config for tests: given broker, any free port, demo accounts with the password. */
  public static IntakeConfig local(String bootstrapServers, String demoPassword) {
    return fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
        "CRISISLINE_HTTP_PORT", "0", "CRISISLINE_DEMO_PASSWORD", demoPassword));
  }

  public IntakeConfig withRegions(Set<String> regions) {
    return copy(c -> c.knownRegions = regions);
  }

  public IntakeConfig withRatePerMinute(int perMinute) {
    return copy(c -> c.ratePerMinute = perMinute);
  }

  public IntakeConfig withJwtTtl(Duration ttl) {
    return copy(c -> c.jwtTtl = ttl);
  }

  public IntakeConfig withDevOutboxUrl(String url) {
    return copy(c -> c.devOutboxUrl = url);
  }

  public IntakeConfig withHttpPort(int port) {
    return copy(c -> c.httpPort = port);
  }

  public IntakeConfig withKafkaSecurity(KafkaClientSecurity security) {
    return copy(c -> c.kafkaSecurity = security);
  }

  /** This config with one change: the fields are listed once here rather than in every with-method. */
  private IntakeConfig copy(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  private static final class Copy {
    String bootstrapServers;
    int httpPort;
    int httpEventLoops;
    String piiKeyring;
    String linkSecret;
    String jwtSecret;
    String jwtIssuer;
    Duration jwtTtl;
    String jwksUrl;
    String jwtAudience;
    String demoPassword;
    String devOutboxUrl;
    Set<String> knownRegions;
    int ratePerMinute;
    String clientId;
    Duration startTimeout;
    KafkaClientSecurity kafkaSecurity;

    Copy(IntakeConfig from) {
      bootstrapServers = from.bootstrapServers;
      httpPort = from.httpPort;
      httpEventLoops = from.httpEventLoops;
      piiKeyring = from.piiKeyring;
      linkSecret = from.linkSecret;
      jwtSecret = from.jwtSecret;
      jwtIssuer = from.jwtIssuer;
      jwtTtl = from.jwtTtl;
      jwksUrl = from.jwksUrl;
      jwtAudience = from.jwtAudience;
      demoPassword = from.demoPassword;
      devOutboxUrl = from.devOutboxUrl;
      knownRegions = from.knownRegions;
      ratePerMinute = from.ratePerMinute;
      clientId = from.clientId;
      startTimeout = from.startTimeout;
      kafkaSecurity = from.kafkaSecurity;
    }

    IntakeConfig build() {
      return new IntakeConfig(bootstrapServers, httpPort, httpEventLoops, piiKeyring, linkSecret, jwtSecret, jwtIssuer,
          jwtTtl, jwksUrl, jwtAudience, demoPassword, devOutboxUrl, knownRegions, ratePerMinute, clientId,
          startTimeout, kafkaSecurity);
    }
  }

  private static String get(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  @Override
  public String toString() {
    return "IntakeConfig[bootstrap=" + bootstrapServers + " " + kafkaSecurity + ", port=" + httpPort + ", eventLoops=" + httpEventLoops
        + ", issuer=" + jwtIssuer + ", ttl=" + jwtTtl + ", jwks=" + (jwksUrl != null)
        + ", demoAccounts=" + (demoPassword != null) + ", devOutbox=" + (devOutboxUrl != null)
        + ", regions=" + knownRegions + ", ratePerMinute=" + ratePerMinute + "]";
  }
}

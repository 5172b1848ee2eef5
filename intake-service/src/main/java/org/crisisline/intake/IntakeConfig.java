package org.crisisline.intake;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.crisisline.events.KafkaClientSecurity;
import org.crisisline.events.PiiCipher;

/**
 * Everything intake-service reads from its environment. Secrets have no default:
 * {@link #fromEnv(Map)} refuses to build a config without CRISISLINE_PII_KEY,
 * CRISISLINE_LINK_SECRET and CRISISLINE_JWT_SECRET, or with one of the old public
 * {@code local-dev-*-change-me} values, naming the variable (the local stack generates and passes
 * its own). Secrets are never printed: {@link #toString()} names only which ones are set.
 *
 * @param bootstrapServers   KAFKA_BOOTSTRAP_SERVERS
 * @param httpPort           CRISISLINE_HTTP_PORT (0 = any free port; see {@link IntakeApp#port()})
 * @param httpEventLoops     CRISISLINE_HTTP_EVENT_LOOPS, event loops serving HTTP (default: one per core)
 * @param piiKeyring         CRISISLINE_PII_KEY, keyring "id:base64,..." (required)
 * @param linkSecret         CRISISLINE_LINK_SECRET, shared with the notifier for /r/{token}
 * @param jwtSecret          CRISISLINE_JWT_SECRET, HS256 key of the tokens intake issues (required, 32+ characters)
 * @param jwtIssuer          CRISISLINE_JWT_ISSUER
 * @param jwtTtl             CRISISLINE_JWT_TTL_SECONDS
 * @param jwksUrl            CRISISLINE_JWT_JWKS_URL; set = accept tokens of that OIDC provider
 * @param jwtAudience        CRISISLINE_JWT_AUDIENCE; set = tokens must name it in {@code aud} (required with a JWKS URL)
 * @param loginTokensWithOidc CRISISLINE_LOGIN_TOKENS_WITH_OIDC; true = intake's own HS256 logins stay on next to OIDC
 * @param demoPassword       CRISISLINE_DEMO_PASSWORD; unset = no demo accounts
 * @param devOutboxUrl       CRISISLINE_DEV_OUTBOX_URL; unset = /api/v1/dev/outbox is 404
 * @param knownRegions       CRISISLINE_REGIONS (comma list), added to regions learnt from topics
 * @param ratePerMinute      CRISISLINE_RATE_LIMIT_PER_MINUTE, per user (or per address if anonymous)
 * @param clientId           CRISISLINE_INTAKE_CLIENT_ID, prefix of Kafka client ids
 * @param startTimeout       how long start() waits for topics and views
 * @param kafkaSecurity      KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*, KAFKA_SSL_* (see {@link KafkaClientSecurity})
 * @param publicUrl          CRISISLINE_PUBLIC_URL; https = answers carry Strict-Transport-Security
 * @param sessionMax         CRISISLINE_SESSION_MAX_SECONDS, absolute session lifetime from sign-in (default 12 h)
 * @param detailsGrace       CRISISLINE_DETAILS_GRACE_SECONDS, how long the accepting responder still reads caller
 *                           details once the request is no longer theirs (default 1 h)
 * @param trustedProxies     CRISISLINE_TRUSTED_PROXIES, addresses/CIDRs whose X-Forwarded-For is believed
 * @param recentWindow       CRISISLINE_RECENT_HOURS, how long a finished request stays in memory (default 36 h; a
 *                           decimal is allowed; at least 5 minutes and the details grace); older ones, and the part
 *                           of "mine today" that left memory, are read from the records database when there is one
 * @param idempotencyTtl     CRISISLINE_IDEMPOTENCY_HOURS, how long a completed response is replayed for its
 *                           Idempotency-Key (default 24 h; a decimal is allowed, at least 6 minutes)
 * @param dataDir            CRISISLINE_DATA_DIR, this instance's own directory (state under intake-state/): the
 *                           data-key table is kept there across restarts; unset, it is rebuilt at every start
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
    KafkaClientSecurity kafkaSecurity,
    boolean loginTokensWithOidc,
    String publicUrl,
    Duration sessionMax,
    Duration detailsGrace,
    List<String> trustedProxies,
    Duration recentWindow,
    Duration idempotencyTtl,
    java.nio.file.Path dataDir) {

  /** The public placeholders earlier versions fell back to; refused wherever they turn up. */
  private static final List<String> PUBLIC_PLACEHOLDERS = List.of("local-dev-", "change-me");

  public IntakeConfig {
    knownRegions = knownRegions == null ? Set.of() : Set.copyOf(knownRegions);
    if (httpEventLoops < 1) {
      throw new IllegalArgumentException("CRISISLINE_HTTP_EVENT_LOOPS must be at least 1");
    }
    kafkaSecurity = kafkaSecurity == null ? KafkaClientSecurity.NONE : kafkaSecurity;
    sessionMax = sessionMax == null ? Duration.ofHours(12) : sessionMax;
    detailsGrace = detailsGrace == null ? Duration.ofHours(1) : detailsGrace;
    trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    recentWindow = recentWindow == null ? Duration.ofHours(36) : recentWindow;
    idempotencyTtl = idempotencyTtl == null ? Duration.ofHours(24) : idempotencyTtl;
    // A form retried after a dropped connection or a restart must still find its first answer.
    if (idempotencyTtl.compareTo(Duration.ofMinutes(6)) < 0) {
      throw new IllegalArgumentException("CRISISLINE_IDEMPOTENCY_HOURS must be at least 0.1 (6 minutes)");
    }
    // A finished request stays at least as long as its responder may still read its details (those
    // are opened from memory), and long enough for the records projector to have stored it.
    if (recentWindow.compareTo(MIN_RECENT) < 0 || recentWindow.compareTo(detailsGrace) < 0) {
      throw new IllegalArgumentException("CRISISLINE_RECENT_HOURS must be at least 5 minutes (0.084) and at least "
          + "CRISISLINE_DETAILS_GRACE_SECONDS");
    }
  }

  /** The shortest recent window: the records projector stores a request within seconds. */
  static final Duration MIN_RECENT = Duration.ofMinutes(5);

  /** Hours, whole or decimal ({@code 0.1} = 6 minutes), as a duration; anything else is refused by name. */
  static Duration hours(Map<String, String> env, String name, String fallback) {
    try {
      double h = Double.parseDouble(get(env, name, fallback));
      if (!(h > 0) || Double.isInfinite(h)) {
        throw new NumberFormatException();
      }
      return Duration.ofMillis(Math.round(h * 3_600_000));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a positive number of hours");
    }
  }

  /**
   * Builds the config from environment variables. Throws {@link IllegalStateException} naming the
   * variable when a secret is missing or is a public placeholder, or when OIDC is configured
   * without an audience (a token the same provider issued for another application would pass).
   */
  public static IntakeConfig fromEnv(Map<String, String> env) {
    String jwksUrl = get(env, "CRISISLINE_JWT_JWKS_URL", null);
    if (jwksUrl != null && get(env, "CRISISLINE_JWT_AUDIENCE", null) == null) {
      throw new IllegalStateException("CRISISLINE_JWT_AUDIENCE is not set: with CRISISLINE_JWT_JWKS_URL it must name "
          + "this application's audience, or tokens the provider issued for other applications would be accepted");
    }
    return new IntakeConfig(
        get(env, "KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
        Integer.parseInt(get(env, "CRISISLINE_HTTP_PORT", "8080")),
        Integer.parseInt(get(env, "CRISISLINE_HTTP_EVENT_LOOPS",
            Integer.toString(Runtime.getRuntime().availableProcessors()))),
        secret(env, "CRISISLINE_PII_KEY", 1),
        secret(env, "CRISISLINE_LINK_SECRET", 16),
        secret(env, "CRISISLINE_JWT_SECRET", 32),
        get(env, "CRISISLINE_JWT_ISSUER", "crisisline"),
        Duration.ofSeconds(Long.parseLong(get(env, "CRISISLINE_JWT_TTL_SECONDS", "900"))),
        jwksUrl,
        get(env, "CRISISLINE_JWT_AUDIENCE", null),
        get(env, "CRISISLINE_DEMO_PASSWORD", null),
        get(env, "CRISISLINE_DEV_OUTBOX_URL", null),
        Arrays.stream(get(env, "CRISISLINE_REGIONS", "").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet()),
        Integer.parseInt(get(env, "CRISISLINE_RATE_LIMIT_PER_MINUTE", "600")),
        get(env, "CRISISLINE_INTAKE_CLIENT_ID", "intake"),
        Duration.ofSeconds(Long.parseLong(get(env, "CRISISLINE_INTAKE_START_TIMEOUT_SECONDS", "60"))),
        KafkaClientSecurity.fromEnv(env),
        Boolean.parseBoolean(get(env, "CRISISLINE_LOGIN_TOKENS_WITH_OIDC", "false")),
        get(env, "CRISISLINE_PUBLIC_URL", null),
        Duration.ofSeconds(Long.parseLong(get(env, "CRISISLINE_SESSION_MAX_SECONDS", "43200"))),
        Duration.ofSeconds(Long.parseLong(get(env, "CRISISLINE_DETAILS_GRACE_SECONDS", "3600"))),
        Arrays.stream(get(env, "CRISISLINE_TRUSTED_PROXIES", "").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).toList(),
        hours(env, "CRISISLINE_RECENT_HOURS", "36"),
        hours(env, "CRISISLINE_IDEMPOTENCY_HOURS", "24"),
        get(env, "CRISISLINE_DATA_DIR", null) == null ? null : java.nio.file.Path.of(get(env, "CRISISLINE_DATA_DIR", null)));
  }

  /**
   * A config for tests: given broker, any free port, demo accounts from the password, and fresh
   * random secrets (so nothing signed elsewhere verifies here).
   */
  public static IntakeConfig local(String bootstrapServers, String demoPassword) {
    return fromEnv(withRandomSecrets(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
        "CRISISLINE_HTTP_PORT", "0", "CRISISLINE_DEMO_PASSWORD", demoPassword)));
  }

  /** {@code env} plus random CRISISLINE_PII_KEY, _LINK_SECRET and _JWT_SECRET where it has none (tests, local stack). */
  public static Map<String, String> withRandomSecrets(Map<String, String> env) {
    Map<String, String> out = new java.util.HashMap<>(env);
    out.putIfAbsent("CRISISLINE_PII_KEY", PiiCipher.generateKeyring("k" + System.currentTimeMillis()));
    out.putIfAbsent("CRISISLINE_LINK_SECRET", randomSecret());
    out.putIfAbsent("CRISISLINE_JWT_SECRET", randomSecret());
    return out;
  }

  private static String randomSecret() {
    byte[] b = new byte[32];
    new java.security.SecureRandom().nextBytes(b);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String secret(Map<String, String> env, String name, int minLength) {
    String value = get(env, name, null);
    if (value == null) {
      throw new IllegalStateException(name + " is not set: intake has no default secrets (the local stack "
          + "generates its own; docker/compose-secrets.sh writes a set for compose)");
    }
    if (PUBLIC_PLACEHOLDERS.stream().anyMatch(value::contains)) {
      throw new IllegalStateException(name + " is a public placeholder value; set a secret of your own");
    }
    if (value.length() < minLength) {
      throw new IllegalStateException(name + " is shorter than " + minLength + " characters");
    }
    return value;
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

  public IntakeConfig withSessionMax(Duration max) {
    return copy(c -> c.sessionMax = max);
  }

  public IntakeConfig withPublicUrl(String url) {
    return copy(c -> c.publicUrl = url);
  }

  public IntakeConfig withClientId(String id) {
    return copy(c -> c.clientId = id);
  }

  public IntakeConfig withTrustedProxies(List<String> proxies) {
    return copy(c -> c.trustedProxies = proxies);
  }

  public IntakeConfig withRecentWindow(Duration window) {
    return copy(c -> c.recentWindow = window);
  }

  /** A recent window and a details grace at once (the window may not be shorter than the grace). */
  public IntakeConfig withRecentWindow(Duration window, Duration detailsGrace) {
    return copy(c -> {
      c.recentWindow = window;
      c.detailsGrace = detailsGrace;
    });
  }

  /** This config with one change: the fields are listed once here rather than in every with-method. */
  private IntakeConfig copy(Consumer<IntakeConfigCopy> change) {
    IntakeConfigCopy c = new IntakeConfigCopy(this);
    change.accept(c);
    return c.build();
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
        + ", regions=" + knownRegions + ", ratePerMinute=" + ratePerMinute + ", sessionMax=" + sessionMax
        + ", detailsGrace=" + detailsGrace + ", trustedProxies=" + trustedProxies
        + ", loginTokensWithOidc=" + loginTokensWithOidc + "]";
  }
}

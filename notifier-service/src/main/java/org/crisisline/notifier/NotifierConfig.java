package org.crisisline.notifier;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crisisline.events.GroupMembership;
import org.crisisline.events.KafkaClientSecurity;

/**
 * Everything the notifier needs, from environment variables with a local default for each setting
 * but the secrets: {@code CRISISLINE_LINK_SECRET} (signs the accept/decline links) and
 * {@code SMS_AUTH_TOKEN} (the provider's credential, and the key of its signed callbacks and
 * replies) have none. {@link #fromEnv} refuses to build a config without them, or with one of the
 * public placeholders earlier versions fell back to, naming the variable; the local stack generates
 * and passes its own. Provider secrets (SMTP password, SMS auth token) are never logged;
 * {@link #toString()} hides them.
 *
 * <p>Variables of the contract: {@code KAFKA_BOOTSTRAP_SERVERS}, {@code CRISISLINE_NOTIFIER_PORT},
 * {@code CRISISLINE_PUBLIC_URL}, {@code CRISISLINE_LINK_SECRET}, {@code SMTP_*}, {@code SMS_*}.
 * Notifier-only tuning (all optional): {@code CRISISLINE_NOTIFIER_CALLBACK_URL} (base URL the SMS
 * provider calls back on; default {@code http://localhost:<port>}), {@code CRISISLINE_NOTIFIER_GROUP},
 * {@code CRISISLINE_NOTIFIER_MAX_ATTEMPTS}, {@code CRISISLINE_NOTIFIER_RETRY_INITIAL_MS},
 * {@code CRISISLINE_NOTIFIER_RETRY_MAX_MS}, {@code CRISISLINE_NOTIFIER_SEND_TIMEOUT_MS},
 * {@code CRISISLINE_NOTIFIER_RATE_PER_RESPONDER} (offers per responder per minute, also the burst),
 * {@code CRISISLINE_NOTIFIER_RATE_GLOBAL} (messages per second, also the burst),
 * {@code CRISISLINE_NOTIFIER_LOOKBACK_MINUTES} (how far back offers are replayed on start),
 * {@code CRISISLINE_NOTIFIER_STATUS_POLL_SECONDS} (how often, and after how long without a final
 * callback, an SMS's status is asked of the provider by its sid; 0 turns it off),
 * {@code CRISISLINE_NOTIFIER_IDLE_TIMEOUT_SECONDS} (an HTTP connection quiet this long is closed;
 * default 30).
 * Group membership after a crash: {@link GroupMembership#fromEnv} ({@code CRISISLINE_KAFKA_INSTANCE_ID},
 * {@code CRISISLINE_KAFKA_SESSION_TIMEOUT_MS}, {@code CRISISLINE_KAFKA_HEARTBEAT_MS}).
 * Kafka SASL/TLS: {@link KafkaClientSecurity#fromEnv} ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_*}, ...).
 */
public record NotifierConfig(
    String bootstrapServers,
    int httpPort,
    String publicUrl,
    String callbackBaseUrl,
    String linkSecret,
    Smtp smtp,
    Sms sms,
    String groupId,
    int maxAttempts,
    Duration retryInitial,
    Duration retryMax,
    Duration sendTimeout,
    int perResponderPerMinute,
    int globalPerSecond,
    Duration lookback,
    Duration statusPoll,
    Duration idleTimeout,
    KafkaClientSecurity kafkaSecurity,
    GroupMembership membership) {

  public NotifierConfig {
    kafkaSecurity = kafkaSecurity == null ? KafkaClientSecurity.NONE : kafkaSecurity;
    membership = membership == null ? GroupMembership.DEFAULTS : membership;
  }

  /** Values once shipped as defaults, so public: refused wherever they turn up. */
  private static final List<String> PUBLIC_PLACEHOLDERS = List.of("local-dev-", "change-me", "local-sms-token");

  /** SMTP; {@code starttls} is DISABLED, OPTIONAL or REQUIRED (Vert.x StartTLSOptions names). */
  public record Smtp(String host, int port, String username, String password, String starttls, String from) {
    @Override
    public String toString() {
      return "Smtp[" + host + ":" + port + ", user=" + username + ", starttls=" + starttls + ", from=" + from + "]";
    }
  }

  /** A Twilio-compatible Messages API. {@code messagingServiceSid} wins over {@code from} when set. */
  public record Sms(String baseUrl, String accountSid, String authToken, String from, String messagingServiceSid) {
    @Override
    public String toString() {
      return "Sms[" + baseUrl + ", account=" + accountSid + ", from=" + from + ", service=" + messagingServiceSid + "]";
    }
  }

  /**
   * Builds the config from environment variables. Throws {@link IllegalStateException} naming the
   * variable when CRISISLINE_LINK_SECRET or SMS_AUTH_TOKEN is missing or a public placeholder.
   */
  public static NotifierConfig fromEnv(Map<String, String> env) {
    String linkSecret = secret(env, "CRISISLINE_LINK_SECRET", 16);
    String smsAuthToken = secret(env, "SMS_AUTH_TOKEN", 8);
    int port = Integer.parseInt(get(env, "CRISISLINE_NOTIFIER_PORT", "8081"));
    Smtp smtp = new Smtp(
        get(env, "SMTP_HOST", "localhost"),
        Integer.parseInt(get(env, "SMTP_PORT", "2525")),
        get(env, "SMTP_USERNAME", null),
        get(env, "SMTP_PASSWORD", null),
        get(env, "SMTP_STARTTLS", "DISABLED").toUpperCase(Locale.ROOT),
        get(env, "SMTP_FROM", "crisisline@localhost"));
    Sms sms = new Sms(
        get(env, "SMS_BASE_URL", "http://localhost:8025"),
        get(env, "SMS_ACCOUNT_SID", "AC-local"),
        smsAuthToken,
        get(env, "SMS_FROM", "+15550000000"),
        get(env, "SMS_MESSAGING_SERVICE_SID", null));
    return new NotifierConfig(
        get(env, "KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
        port,
        trimSlash(get(env, "CRISISLINE_PUBLIC_URL", "http://localhost:8080")),
        trimSlash(get(env, "CRISISLINE_NOTIFIER_CALLBACK_URL", null)),
        linkSecret,
        smtp,
        sms,
        get(env, "CRISISLINE_NOTIFIER_GROUP", "crisisline-notifier"),
        Integer.parseInt(get(env, "CRISISLINE_NOTIFIER_MAX_ATTEMPTS", "6")),
        Duration.ofMillis(Long.parseLong(get(env, "CRISISLINE_NOTIFIER_RETRY_INITIAL_MS", "500"))),
        Duration.ofMillis(Long.parseLong(get(env, "CRISISLINE_NOTIFIER_RETRY_MAX_MS", "15000"))),
        Duration.ofMillis(Long.parseLong(get(env, "CRISISLINE_NOTIFIER_SEND_TIMEOUT_MS", "10000"))),
        Integer.parseInt(get(env, "CRISISLINE_NOTIFIER_RATE_PER_RESPONDER", "6")),
        Integer.parseInt(get(env, "CRISISLINE_NOTIFIER_RATE_GLOBAL", "50")),
        Duration.ofMinutes(Long.parseLong(get(env, "CRISISLINE_NOTIFIER_LOOKBACK_MINUTES", "120"))),
        Duration.ofSeconds(Long.parseLong(get(env, "CRISISLINE_NOTIFIER_STATUS_POLL_SECONDS", "60"))),
        Duration.ofSeconds(Long.parseLong(get(env, "CRISISLINE_NOTIFIER_IDLE_TIMEOUT_SECONDS", "30"))),
        KafkaClientSecurity.fromEnv(env),
        GroupMembership.fromEnv(env));
  }

  /** The base the SMS provider calls back on, given the port actually bound. */
  public String callbackBase(int boundPort) {
    return callbackBaseUrl != null ? callbackBaseUrl : "http://localhost:" + boundPort;
  }

  @Override
  public String toString() {
    return "NotifierConfig[kafka=" + bootstrapServers + " " + kafkaSecurity + ", port=" + httpPort + ", publicUrl=" + publicUrl
        + ", " + smtp + ", " + sms + ", group=" + groupId + ", maxAttempts=" + maxAttempts
        + ", rate=" + perResponderPerMinute + "/min/responder," + globalPerSecond + "/s]";
  }

  private static String secret(Map<String, String> env, String name, int minLength) {
    String value = get(env, name, null);
    if (value == null) {
      throw new IllegalStateException(name + " is not set: the notifier has no default for it (the local stack "
          + "passes one it generated; elsewhere set it from the secret store)");
    }
    if (PUBLIC_PLACEHOLDERS.stream().anyMatch(value::contains)) {
      throw new IllegalStateException(name + " is a public placeholder value; set a secret of your own");
    }
    if (value.length() < minLength) {
      throw new IllegalStateException(name + " is shorter than " + minLength + " characters");
    }
    return value;
  }

  private static String get(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static String trimSlash(String url) {
    return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}

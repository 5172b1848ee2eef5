package org.crisisline.notifier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crisisline.events.CallerKeys;
import org.crisisline.events.GroupMembership;
import org.crisisline.events.KafkaClientSecurity;
import org.crisisline.events.PiiCipher;

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
 * Callers (caring messages and opt-outs; see {@link Callers}): {@code CRISISLINE_PII_KEY},
 * {@code CRISISLINE_CALLER_KEY}, {@code CRISISLINE_CALLER_KEY_PREVIOUS}, {@code CRISISLINE_CARING_TEMPLATES_DIR}.
 * Kafka SASL/TLS: {@link KafkaClientSecurity#fromEnv} ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_*}, ...).
 * {@code CRISISLINE_DATA_DIR}: with {@code CRISISLINE_KAFKA_INSTANCE_ID} too (a directory this instance
 * alone uses), the data-key table is kept there (notifier-state/) across restarts; else rebuilt at each start.
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
    GroupMembership membership,
    Callers callers,
    Path dataDir) {

  public NotifierConfig {
    kafkaSecurity = kafkaSecurity == null ? KafkaClientSecurity.NONE : kafkaSecurity;
    membership = membership == null ? GroupMembership.DEFAULTS : membership;
    callers = callers == null ? Callers.NONE : callers;
  }

  /** Where this instance keeps its data-key table across restarts: only a named instance has a place of its own. */
  public Path dataKeysDir() {
    return dataDir == null || membership.instanceId() == null ? null
        : dataDir.resolve("notifier-state").resolve(membership.instanceId() + "-data-keys");
  }

  /**
   * What the notifier needs to write to callers (caring messages, opt-out confirmations) and to
   * recognise their opt-outs: the PII keyring that opens their sealed contact
   * ({@code CRISISLINE_PII_KEY}), the caller key ({@code CRISISLINE_CALLER_KEY}) and, during a
   * rotation of it, the previous one ({@code CRISISLINE_CALLER_KEY_PREVIOUS}), and the operator's
   * template directory ({@code CRISISLINE_CARING_TEMPLATES_DIR}). Any may be null; without the
   * keyring and the caller key no caring message is sent. Parsed by {@link #fromEnv}, which
   * refuses malformed keys without echoing them.
   */
  public record Callers(PiiCipher cipher, CallerKeys callerKey, CallerKeys previousCallerKey, Path templatesDir) {
    public static final Callers NONE = new Callers(null, null, null, null);

    /** The caller keys to try, current first. */
    public List<CallerKeys> keys() {
      List<CallerKeys> out = new ArrayList<>();
      if (callerKey != null) {
        out.add(callerKey);
        if (previousCallerKey != null) {
          out.add(previousCallerKey);
        }
      }
      return out;
    }

    @Override
    public String toString() {
      return "Callers[piiKey=" + (cipher == null ? "unset" : cipher.currentKeyId()) + ", callerKey="
          + (callerKey == null ? "unset" : previousCallerKey == null ? "set" : "set+previous") + ", templates="
          + (templatesDir == null ? "shipped" : templatesDir) + "]";
    }
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
        GroupMembership.fromEnv(env),
        callers(env),
        get(env, "CRISISLINE_DATA_DIR", null) == null ? null : Path.of(get(env, "CRISISLINE_DATA_DIR", null)));
  }

  private static Callers callers(Map<String, String> env) {
    String keyring = get(env, "CRISISLINE_PII_KEY", null);
    String dir = get(env, "CRISISLINE_CARING_TEMPLATES_DIR", null);
    if (dir != null && !Files.isDirectory(Path.of(dir))) {
      throw new IllegalStateException("CRISISLINE_CARING_TEMPLATES_DIR is not a directory: " + dir);
    }
    PiiCipher cipher;
    try {
      cipher = keyring == null ? null : PiiCipher.fromKeyring(keyring);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("CRISISLINE_PII_KEY: " + e.getMessage(), e); // names no key material
    }
    return new Callers(cipher, callerKey(env, "CRISISLINE_CALLER_KEY"), callerKey(env, "CRISISLINE_CALLER_KEY_PREVIOUS"),
        dir == null ? null : Path.of(dir));
  }

  private static CallerKeys callerKey(Map<String, String> env, String name) {
    String value = get(env, name, null);
    try {
      return value == null ? null : CallerKeys.fromBase64(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(name + ": " + e.getMessage(), e); // names no key material
    }
  }

  /** The base the SMS provider calls back on, given the port actually bound. */
  public String callbackBase(int boundPort) {
    return callbackBaseUrl != null ? callbackBaseUrl : "http://localhost:" + boundPort;
  }

  @Override
  public String toString() {
    return "NotifierConfig[kafka=" + bootstrapServers + " " + kafkaSecurity + ", port=" + httpPort + ", publicUrl=" + publicUrl
        + ", " + smtp + ", " + sms + ", group=" + groupId + ", maxAttempts=" + maxAttempts
        + ", rate=" + perResponderPerMinute + "/min/responder," + globalPerSecond + "/s, " + callers + "]";
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

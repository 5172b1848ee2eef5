package org.crisisline.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifierConfigTest {
  private static final Map<String, String> SECRETS = Map.of(
      "CRISISLINE_LINK_SECRET", "a-link-secret-of-this-deployment", "SMS_AUTH_TOKEN", "an-sms-auth-token");

  @Test
  void everySettingButTheSecretsHasALocalDefault() {
    // Given only the secrets
    NotifierConfig c = NotifierConfig.fromEnv(SECRETS);
    // Then the local stack's defaults apply to the rest
    assertThat(c.bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(c.httpPort()).isEqualTo(8081);
    assertThat(c.publicUrl()).isEqualTo("http://localhost:8080");
    assertThat(c.linkSecret()).isEqualTo("a-link-secret-of-this-deployment");
    assertThat(c.smtp()).isEqualTo(new NotifierConfig.Smtp("localhost", 2525, null, null, "DISABLED",
        "crisisline@localhost"));
    assertThat(c.sms()).isEqualTo(new NotifierConfig.Sms("http://localhost:8025", "AC-local", "an-sms-auth-token",
        "+15550000000", null));
    assertThat(c.callbackBase(8081)).isEqualTo("http://localhost:8081");
    assertThat(c.lookback()).isEqualTo(Duration.ofMinutes(120));
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void theDataKeyTableIsKeptOnlyByANamedInstanceWithADataDirectory() {
    Map<String, String> env = new HashMap<>(SECRETS);
    env.put("CRISISLINE_DATA_DIR", "/var/lib/crisisline");
    // A data directory alone: instances without a name could share it, so nothing is kept
    assertThat(NotifierConfig.fromEnv(env).dataKeysDir()).isNull();
    // Named: a directory of its own
    env.put("CRISISLINE_KAFKA_INSTANCE_ID", "notifier-a");
    assertThat(NotifierConfig.fromEnv(env).dataKeysDir())
        .isEqualTo(java.nio.file.Path.of("/var/lib/crisisline", "notifier-state", "notifier-a-data-keys"));
    // A name without a data directory: nothing is kept either
    env.remove("CRISISLINE_DATA_DIR");
    assertThat(NotifierConfig.fromEnv(env).dataKeysDir()).isNull();
  }

  @Test
  void notifierRefusesToStartWithDevSecretsOutsideLocalStack() {
    // Given a notifier started alone with no secrets, it names the first one missing
    assertThatThrownBy(() -> NotifierConfig.fromEnv(Map.of()))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("CRISISLINE_LINK_SECRET is not set");
    assertThatThrownBy(() -> NotifierConfig.fromEnv(Map.of("CRISISLINE_LINK_SECRET", "a-link-secret-of-this-deployment")))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("SMS_AUTH_TOKEN is not set");
    // And the placeholders once shipped as defaults are refused, without echoing them
    for (Map.Entry<String, String> placeholder : Map.of(
        "CRISISLINE_LINK_SECRET", "local-dev-link-secret-change-me",
        "SMS_AUTH_TOKEN", "local-sms-token").entrySet()) {
      Map<String, String> env = new HashMap<>(SECRETS);
      env.put(placeholder.getKey(), placeholder.getValue());
      assertThatThrownBy(() -> NotifierConfig.fromEnv(env))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith(placeholder.getKey() + " is a public placeholder")
          .hasMessageNotContaining(placeholder.getValue());
    }
  }

  @Test
  void theEnvironmentOverridesAndSecretsNeverPrint() {
    // Given provider settings in the environment
    NotifierConfig c = NotifierConfig.fromEnv(Map.of(
        "CRISISLINE_NOTIFIER_PORT", "9181", "CRISISLINE_PUBLIC_URL", "https://crisis.example.org/",
        "SMTP_HOST", "smtp.example.org", "SMTP_PORT", "587",
        "SMTP_PASSWORD", "smtp-secret", "SMTP_STARTTLS", "required",
        "SMS_AUTH_TOKEN", "sms-secret", "SMS_MESSAGING_SERVICE_SID", "MG123",
        "CRISISLINE_NOTIFIER_CALLBACK_URL", "https://notifier.example.org",
        "CRISISLINE_LINK_SECRET", "link-secret-0123456789"));
    // Then they are used, with trailing slashes trimmed
    assertThat(c.httpPort()).isEqualTo(9181);
    assertThat(c.publicUrl()).isEqualTo("https://crisis.example.org");
    assertThat(c.smtp().starttls()).isEqualTo("REQUIRED");
    assertThat(c.sms().messagingServiceSid()).isEqualTo("MG123");
    assertThat(c.callbackBase(9181)).isEqualTo("https://notifier.example.org");
    // And no secret appears when the config is logged
    assertThat(c.toString()).doesNotContain("smtp-secret", "sms-secret", "link-secret-0123456789");
  }

  @Test
  void callerKeysAndTheTemplateDirectoryAreOptionalAndMalformedOnesAreRefusedWithoutEchoingThem(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    // Given none of them, the notifier starts and can neither open nor recognise a caller
    NotifierConfig none = NotifierConfig.fromEnv(SECRETS);
    assertThat(none.callers().cipher()).isNull();
    assertThat(none.callers().keys()).isEmpty();
    // Given all of them, the current caller key comes first, then the previous one
    Map<String, String> env = new HashMap<>(SECRETS);
    env.put("CRISISLINE_PII_KEY", org.crisisline.events.PiiCipher.generateKeyring("k1"));
    String current = org.crisisline.events.CallerKeys.generate();
    String previous = org.crisisline.events.CallerKeys.generate();
    env.put("CRISISLINE_CALLER_KEY", current);
    env.put("CRISISLINE_CALLER_KEY_PREVIOUS", previous);
    env.put("CRISISLINE_CARING_TEMPLATES_DIR", dir.toString());
    NotifierConfig all = NotifierConfig.fromEnv(env);
    assertThat(all.callers().keys()).hasSize(2);
    assertThat(all.callers().keys().get(0).of("+15035550161"))
        .isEqualTo(org.crisisline.events.CallerKeys.fromBase64(current).of("+15035550161"));
    assertThat(all.callers().templatesDir()).isEqualTo(dir);
    assertThat(all.toString()).doesNotContain(current, previous, env.get("CRISISLINE_PII_KEY").substring(3));
    // And a malformed key is refused, naming the variable and not the value
    env.put("CRISISLINE_CALLER_KEY_PREVIOUS", "c2hvcnQ=");
    assertThatThrownBy(() -> NotifierConfig.fromEnv(env)).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("CRISISLINE_CALLER_KEY_PREVIOUS").hasMessageNotContaining("c2hvcnQ=");
    env.remove("CRISISLINE_CALLER_KEY_PREVIOUS");
    env.put("CRISISLINE_CARING_TEMPLATES_DIR", dir.resolve("missing").toString());
    assertThatThrownBy(() -> NotifierConfig.fromEnv(env)).hasMessageStartingWith("CRISISLINE_CARING_TEMPLATES_DIR");
  }
}

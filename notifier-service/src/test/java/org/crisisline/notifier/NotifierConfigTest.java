package org.crisisline.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifierConfigTest {
  @Test
  void everySettingHasALocalDefault() {
    // Given no environment at all
    NotifierConfig c = NotifierConfig.fromEnv(Map.of());
    // Then the local stack's defaults apply
    assertThat(c.bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(c.httpPort()).isEqualTo(8081);
    assertThat(c.publicUrl()).isEqualTo("http://localhost:8080");
    assertThat(c.linkSecret()).isEqualTo(NotifierConfig.DEFAULT_LINK_SECRET);
    assertThat(c.smtp()).isEqualTo(new NotifierConfig.Smtp("localhost", 2525, null, null, "DISABLED",
        "crisisline@localhost"));
    assertThat(c.sms()).isEqualTo(new NotifierConfig.Sms("http://localhost:8025", "AC-local", "local-sms-token",
        "+15550000000", null));
    assertThat(c.callbackBase(8081)).isEqualTo("http://localhost:8081");
    assertThat(c.lookback()).isEqualTo(Duration.ofMinutes(120));
  }

  @Test
  void theEnvironmentOverridesAndSecretsNeverPrint() {
    // Given provider settings in the environment
    NotifierConfig c = NotifierConfig.fromEnv(Map.of(
        "CRISISLINE_NOTIFIER_PORT", "9181", "CRISISLINE_PUBLIC_URL", "https://crisis.example.org/",
        "SMTP_HOST", "smtp.example.org", "SMTP_PORT", "587", "SMTP_USERNAME", "mailer",
        "SMTP_PASSWORD", "smtp-secret", "SMTP_STARTTLS", "required",
        "SMS_AUTH_TOKEN", "sms-secret", "SMS_MESSAGING_SERVICE_SID", "MG123",
        "CRISISLINE_NOTIFIER_CALLBACK_URL", "https://notifier.example.org"));
    // Then they are used, with trailing slashes trimmed
    assertThat(c.httpPort()).isEqualTo(9181);
    assertThat(c.publicUrl()).isEqualTo("https://crisis.example.org");
    assertThat(c.smtp().starttls()).isEqualTo("REQUIRED");
    assertThat(c.sms().messagingServiceSid()).isEqualTo("MG123");
    assertThat(c.callbackBase(9181)).isEqualTo("https://notifier.example.org");
    // And no secret appears when the config is logged
    assertThat(c.toString()).doesNotContain("smtp-secret", "sms-secret");
  }
}

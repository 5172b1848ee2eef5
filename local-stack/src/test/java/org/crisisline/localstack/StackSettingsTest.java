package org.crisisline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import org.crisisline.events.PiiCipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackSettingsTest {

  @Test
  void generatedSecretsAreKeptInTheDataDirectorySoASecondUpReadsOldRecords(@TempDir Path dir) throws Exception {
    // Given no secrets in the environment
    Map<String, String> env = Map.of("CRISISLINE_DATA_DIR", dir.toString());
    // When the settings are read twice
    StackSettings first = StackSettings.fromEnv(env);
    StackSettings second = StackSettings.fromEnv(env);
    // Then the generated PII key, link secret, JWT secret and demo password are the same, and usable
    assertThat(second.piiKey()).isEqualTo(first.piiKey());
    assertThat(second.linkSecret()).isEqualTo(first.linkSecret());
    assertThat(second.jwtSecret()).isEqualTo(first.jwtSecret());
    assertThat(second.demoPassword()).isEqualTo(first.demoPassword()).matches("[A-Za-z0-9]{12}");
    assertThat(first.demoPasswordGenerated()).isTrue();
    PiiCipher.fromKeyring(first.piiKey());
    assertThat(Files.getPosixFilePermissions(dir.resolve("secrets.properties")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void theEnvironmentWinsAndDefaultsFollowTheContract(@TempDir Path dir) {
    // Given a demo password and a Kafka cluster in the environment
    StackSettings s = StackSettings.fromEnv(Map.of("CRISISLINE_DATA_DIR", dir.toString(),
        "CRISISLINE_DEMO_PASSWORD", "letmein", "KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092"));
    // Then they are used, no broker ports are claimed, and the other ports are the contract defaults
    assertThat(s.demoPassword()).isEqualTo("letmein");
    assertThat(s.demoPasswordGenerated()).isFalse();
    assertThat(s.externalBootstrap()).isEqualTo("kafka-1:9092");
    assertThat(s.fixedPorts()).containsOnlyKeys("CRISISLINE_HTTP_PORT", "CRISISLINE_NOTIFIER_PORT",
        "CRISISLINE_ROUTING_PORT", "CRISISLINE_SMS_SINK_PORT", "SMTP_PORT");
    assertThat(s.httpPort()).isEqualTo(8080);
    assertThat(s.smsSinkPort()).isEqualTo(8025);
    assertThat(s.smtpPort()).isEqualTo(2525);
  }
}

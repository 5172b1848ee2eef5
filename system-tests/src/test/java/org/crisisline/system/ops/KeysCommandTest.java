package org.crisisline.system.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.crisisline.events.PiiCipher;
import org.crisisline.events.Sealed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./crisisline keys rotate}: a new current PII key; what the old one sealed still opens. */
class KeysCommandTest {

  @Test
  void rotateInTheLocalStackPutsANewCurrentKeyInFrontAndKeepsTheOldOne(@TempDir Path dataDir) throws IOException {
    // Given a local stack whose secrets hold one key, and something sealed with it
    String old = PiiCipher.generateKeyring("local1");
    Properties secrets = new Properties();
    secrets.setProperty("pii.key", old);
    secrets.setProperty("jwt.secret", "keep-me");
    try (OutputStream out = Files.newOutputStream(dataDir.resolve("secrets.properties"))) {
      secrets.store(out, null);
    }
    Sealed sealed = PiiCipher.fromKeyring(old).seal("phone", "req-1", "+15035550100");

    // When the operator rotates
    OpsCli result = OpsCli.run(Map.of("CRISISLINE_DATA_DIR", dataDir.toString()), "keys", "rotate");

    // Then the stored keyring has a new current key, still opens the old record, and other secrets stay
    assertThat(result.exitCode()).as(result.err()).isZero();
    Properties after = new Properties();
    try (InputStream in = Files.newInputStream(dataDir.resolve("secrets.properties"))) {
      after.load(in);
    }
    PiiCipher rotated = PiiCipher.fromKeyring(after.getProperty("pii.key"));
    assertThat(rotated.currentKeyId()).isNotEqualTo("local1").startsWith("k");
    assertThat(after.getProperty("pii.key")).endsWith("," + old);
    assertThat(rotated.open("phone", "req-1", sealed)).isEqualTo("+15035550100");
    assertThat(after.getProperty("jwt.secret")).isEqualTo("keep-me");
    // And no key material is printed
    assertThat(result.out()).contains(rotated.currentKeyId()).doesNotContain(old.substring(old.indexOf(':') + 1));
  }

  @Test
  void rotateWithTheKeyringInTheEnvironmentPrintsTheNewKeyringAndWritesNothing(@TempDir Path dataDir) {
    // Given a deployment whose keyring comes from CRISISLINE_PII_KEY
    String old = PiiCipher.generateKeyring("prod1");
    // When rotated
    OpsCli result = OpsCli.run(Map.of("CRISISLINE_PII_KEY", old, "CRISISLINE_DATA_DIR", dataDir.toString()),
        "keys", "rotate");
    // Then the new keyring is printed for the secret manager, and no file is written
    assertThat(result.exitCode()).as(result.err()).isZero();
    String line = result.out().lines().filter(l -> l.startsWith("CRISISLINE_PII_KEY=")).findFirst().orElseThrow();
    String keyring = line.substring("CRISISLINE_PII_KEY=".length());
    assertThat(keyring).endsWith("," + old);
    assertThat(PiiCipher.fromKeyring(keyring).currentKeyId()).isNotEqualTo("prod1");
    assertThat(dataDir.resolve("secrets.properties")).doesNotExist();
  }
}

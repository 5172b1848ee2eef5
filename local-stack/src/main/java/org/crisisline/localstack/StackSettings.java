package org.crisisline.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.crisisline.events.PiiCipher;

/**
 * What the local stack reads from its environment, with the contract's local defaults. Secrets
 * left unset (PII key, link secret, JWT secret, demo password) are generated once and kept in
 * {@code $CRISISLINE_DATA_DIR/secrets.properties} (owner-only), so a second {@code up} can still
 * decrypt and verify what the first one wrote. Set in the environment, they win and are not stored.
 */
public record StackSettings(
    Path dataDir,
    String externalBootstrap,
    int kafkaPort,
    int kafkaControllerPort,
    int httpPort,
    int notifierPort,
    int routingPort,
    int smsSinkPort,
    int smtpPort,
    String demoPassword,
    boolean demoPasswordGenerated,
    String piiKey,
    String linkSecret,
    String jwtSecret,
    Map<String, String> env) {

  public static final String SMS_ACCOUNT_SID = "AC-local";
  /** Shared in-process by the local SMS sink and the notifier; new each run, never a published value. */
  public static final String SMS_AUTH_TOKEN = "local-sms-" + UUID.randomUUID();

  /** From the process environment, as {@code ./crisisline up} runs it. */
  public static StackSettings fromEnv(Map<String, String> env) {
    Path dataDir = Path.of(get(env, "CRISISLINE_DATA_DIR", "./.crisisline")).toAbsolutePath().normalize();
    Properties secrets = loadSecrets(dataDir);
    boolean changed = false;
    String pii = env.get("CRISISLINE_PII_KEY");
    if (blank(pii)) {
      pii = secrets.getProperty("pii.key");
      if (pii == null) {
        pii = PiiCipher.generateKeyring("local1");
        secrets.setProperty("pii.key", pii);
        changed = true;
      }
    }
    String link = stored(env, "CRISISLINE_LINK_SECRET", secrets, "link.secret");
    changed |= link == null;
    if (link == null) {
      link = random(32);
      secrets.setProperty("link.secret", link);
    }
    String jwt = stored(env, "CRISISLINE_JWT_SECRET", secrets, "jwt.secret");
    changed |= jwt == null;
    if (jwt == null) {
      jwt = random(48);
      secrets.setProperty("jwt.secret", jwt);
    }
    String demo = stored(env, "CRISISLINE_DEMO_PASSWORD", secrets, "demo.password");
    boolean generated = blank(env.get("CRISISLINE_DEMO_PASSWORD"));
    changed |= demo == null;
    if (demo == null) {
      demo = random(9).replaceAll("[^A-Za-z0-9]", "x");
      secrets.setProperty("demo.password", demo);
    }
    if (changed) {
      saveSecrets(dataDir, secrets);
    }
    return new StackSettings(dataDir,
        blank(env.get("KAFKA_BOOTSTRAP_SERVERS")) ? null : env.get("KAFKA_BOOTSTRAP_SERVERS").trim(),
        port(env, "CRISISLINE_KAFKA_PORT", 9092), port(env, "CRISISLINE_KAFKA_CONTROLLER_PORT", 9093),
        port(env, "CRISISLINE_HTTP_PORT", 8080), port(env, "CRISISLINE_NOTIFIER_PORT", 8081),
        port(env, "CRISISLINE_ROUTING_PORT", 8082), port(env, "CRISISLINE_SMS_SINK_PORT", 8025),
        port(env, "SMTP_PORT", 2525), demo, generated, pii, link, jwt, Map.copyOf(env));
  }

  /** Every port on free ports (0) under {@code dataDir}: tests run whole stacks this way. */
  public static StackSettings ephemeral(Path dataDir, String externalBootstrap) {
    Map<String, String> env = new HashMap<>();
    env.put("CRISISLINE_DATA_DIR", dataDir.toString());
    for (String var : new String[] {"CRISISLINE_KAFKA_PORT", "CRISISLINE_KAFKA_CONTROLLER_PORT",
        "CRISISLINE_HTTP_PORT", "CRISISLINE_NOTIFIER_PORT", "CRISISLINE_ROUTING_PORT",
        "CRISISLINE_SMS_SINK_PORT", "SMTP_PORT"}) {
      env.put(var, "0");
    }
    if (externalBootstrap != null) {
      env.put("KAFKA_BOOTSTRAP_SERVERS", externalBootstrap);
    }
    return fromEnv(env);
  }

  /** The directory of the embedded broker's log. */
  public Path kafkaDir() {
    return dataDir.resolve("kafka");
  }

  /** Ports the stack binds itself, for a clear message when one is taken (0 = any). */
  public Map<String, Integer> fixedPorts() {
    Map<String, Integer> ports = new java.util.LinkedHashMap<>();
    if (externalBootstrap == null) {
      ports.put("CRISISLINE_KAFKA_PORT", kafkaPort);
      ports.put("CRISISLINE_KAFKA_CONTROLLER_PORT", kafkaControllerPort);
    }
    ports.put("CRISISLINE_HTTP_PORT", httpPort);
    ports.put("CRISISLINE_NOTIFIER_PORT", notifierPort);
    ports.put("CRISISLINE_ROUTING_PORT", routingPort);
    ports.put("CRISISLINE_SMS_SINK_PORT", smsSinkPort);
    ports.put("SMTP_PORT", smtpPort);
    ports.values().removeIf(p -> p == 0);
    return ports;
  }

  @Override
  public String toString() {
    return "StackSettings[dataDir=" + dataDir + ", kafka=" + (externalBootstrap == null ? "embedded:" + kafkaPort
        : externalBootstrap) + ", http=" + httpPort + ", notifier=" + notifierPort + ", routing=" + routingPort
        + ", smsSink=" + smsSinkPort + ", smtp=" + smtpPort + "]";
  }

  private static String stored(Map<String, String> env, String var, Properties secrets, String key) {
    String value = env.get(var);
    return blank(value) ? secrets.getProperty(key) : value.trim();
  }

  private static Properties loadSecrets(Path dataDir) {
    Properties p = new Properties();
    Path file = dataDir.resolve("secrets.properties");
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return p;
  }

  private static void saveSecrets(Path dataDir, Properties secrets) {
    Path file = dataDir.resolve("secrets.properties");
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(file)) {
        Files.createFile(file);
        try {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // not a POSIX file system: the data directory's own permissions have to do
        }
      }
      try (OutputStream out = Files.newOutputStream(file)) {
        secrets.store(out, "crisisline local stack secrets, generated; keep to read old records");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static int port(Map<String, String> env, String var, int fallback) {
    String v = env.get(var);
    try {
      return blank(v) ? fallback : Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(var + " must be a port number, got '" + v + "'", e);
    }
  }

  private static String get(Map<String, String> env, String var, String fallback) {
    String v = env.get(var);
    return blank(v) ? fallback : v.trim();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}

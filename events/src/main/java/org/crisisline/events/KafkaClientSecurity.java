package org.crisisline.events;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * How a service authenticates to Kafka: the one mapping from environment variables to client
 * properties, shared by every producer, consumer, admin client and Streams instance of a service.
 * Reads and writes no topic.
 *
 * <p>Variables: {@code KAFKA_SECURITY_PROTOCOL} (PLAINTEXT default; SASL_PLAINTEXT, SASL_SSL, SSL),
 * {@code KAFKA_SASL_MECHANISM} (SCRAM-SHA-512 default; PLAIN for a bootstrap admin),
 * {@code KAFKA_SASL_USERNAME}, {@code KAFKA_SASL_PASSWORD} (required with SASL),
 * {@code KAFKA_SSL_TRUSTSTORE_LOCATION}, {@code KAFKA_SSL_TRUSTSTORE_PASSWORD},
 * {@code KAFKA_SSL_TRUSTSTORE_TYPE} (optional with SSL; the JVM's trust store otherwise).
 * {@link #toString()} never shows the passwords.
 */
public record KafkaClientSecurity(
    String protocol,
    String mechanism,
    String username,
    String password,
    String truststoreLocation,
    String truststorePassword,
    String truststoreType) {

  /** No authentication, no TLS: the local stack and the embedded test broker. */
  public static final KafkaClientSecurity NONE =
      new KafkaClientSecurity("PLAINTEXT", null, null, null, null, null, null);

  public KafkaClientSecurity {
    protocol = protocol == null || protocol.isBlank() ? "PLAINTEXT" : protocol.trim().toUpperCase(Locale.ROOT);
    if (!protocol.matches("PLAINTEXT|SSL|SASL_PLAINTEXT|SASL_SSL")) {
      throw new IllegalArgumentException("KAFKA_SECURITY_PROTOCOL must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
    }
    if (sasl(protocol)) {
      mechanism = mechanism == null || mechanism.isBlank() ? "SCRAM-SHA-512" : mechanism.trim().toUpperCase(Locale.ROOT);
      if (!mechanism.matches("SCRAM-SHA-512|SCRAM-SHA-256|PLAIN")) {
        throw new IllegalArgumentException("KAFKA_SASL_MECHANISM must be SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN");
      }
      if (username == null || username.isBlank() || password == null || password.isEmpty()) {
        throw new IllegalArgumentException(protocol + " needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD");
      }
    }
  }

  /** SASL with SCRAM-SHA-512 over plaintext: the in-JVM secured broker of the tests. */
  public static KafkaClientSecurity scram(String username, String password) {
    return new KafkaClientSecurity("SASL_PLAINTEXT", "SCRAM-SHA-512", username, password, null, null, null);
  }

  public static KafkaClientSecurity fromEnv(Map<String, String> env) {
    return new KafkaClientSecurity(
        get(env, "KAFKA_SECURITY_PROTOCOL"),
        get(env, "KAFKA_SASL_MECHANISM"),
        get(env, "KAFKA_SASL_USERNAME"),
        env.get("KAFKA_SASL_PASSWORD"),
        get(env, "KAFKA_SSL_TRUSTSTORE_LOCATION"),
        env.get("KAFKA_SSL_TRUSTSTORE_PASSWORD"),
        get(env, "KAFKA_SSL_TRUSTSTORE_TYPE"));
  }

  /** The client properties to add to any Kafka client config; empty for PLAINTEXT. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> p = new LinkedHashMap<>();
    if ("PLAINTEXT".equals(protocol)) {
      return p;
    }
    p.put("security.protocol", protocol);
    if (sasl(protocol)) {
      p.put("sasl.mechanism", mechanism);
      String module = "PLAIN".equals(mechanism)
          ? "org.apache.kafka.common.security.plain.PlainLoginModule"
          : "org.apache.kafka.common.security.scram.ScramLoginModule";
      p.put("sasl.jaas.config", module + " required username=\"" + quote(username)
          + "\" password=\"" + quote(password) + "\";");
    }
    if (protocol.endsWith("SSL") && truststoreLocation != null) {
      p.put("ssl.truststore.location", truststoreLocation);
      if (truststorePassword != null) {
        p.put("ssl.truststore.password", truststorePassword);
      }
      if (truststoreType != null) {
        p.put("ssl.truststore.type", truststoreType);
      }
    }
    return p;
  }

  /** Adds {@link #clientProperties()} to {@code props} and returns it. */
  public <T extends Map<Object, Object>> T applyTo(T props) {
    props.putAll(clientProperties());
    return props;
  }

  /** {@link #clientProperties()} as a fresh Properties object. */
  public Properties toProperties() {
    return applyTo(new Properties());
  }

  @Override
  public String toString() {
    return "KafkaClientSecurity[" + protocol + (mechanism == null ? "" : ", " + mechanism + ", user=" + username)
        + (truststoreLocation == null ? "" : ", truststore=" + truststoreLocation) + "]";
  }

  private static boolean sasl(String protocol) {
    return protocol.startsWith("SASL_");
  }

  /** JAAS values are double-quoted; a quote or backslash in a password must not end the value. */
  private static String quote(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static String get(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }
}

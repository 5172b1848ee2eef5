package org.crisisline.routing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.crisisline.events.KafkaClientSecurity;

/**
 * Configuration of the routing service. {@link #fromEnv} reads the environment of the
 * contract with a local default for everything:
 * {@code KAFKA_BOOTSTRAP_SERVERS} (localhost:9092), {@code CRISISLINE_ROUTING_PORT} (8082; 0 =
 * any free port), {@code CRISISLINE_DATA_DIR} (./.crisisline; state under routing-state/),
 * {@code CRISISLINE_ROUTING_POLICY} (unset = classpath defaults),
 * {@code CRISISLINE_ROUTING_REPLICATION_FACTOR} (1), {@code CRISISLINE_ROUTING_APPLICATION_ID}
 * (crisisline-routing), {@code CRISISLINE_ROUTING_THREADS} (1),
 * {@code CRISISLINE_ROUTING_STANDBY_REPLICAS} (0; 1 when several instances run, for fast failover); Kafka SASL/TLS through
 * {@link KafkaClientSecurity#fromEnv} ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_*}, ...).
 */
public record RoutingConfig(
    String bootstrapServers,
    String applicationId,
    Path dataDir,
    int port,
    int replicationFactor,
    int streamThreads,
    Optional<Path> policyPath,
    Duration startTimeout,
    KafkaClientSecurity kafkaSecurity,
    int standbyReplicas) {

  public RoutingConfig {
    kafkaSecurity = kafkaSecurity == null ? KafkaClientSecurity.NONE : kafkaSecurity;
  }

  /** Without standby replicas (one instance, or failover by restoring from the changelog). */
  public RoutingConfig(String bootstrapServers, String applicationId, Path dataDir, int port, int replicationFactor,
      int streamThreads, Optional<Path> policyPath, Duration startTimeout, KafkaClientSecurity kafkaSecurity) {
    this(bootstrapServers, applicationId, dataDir, port, replicationFactor, streamThreads, policyPath, startTimeout,
        kafkaSecurity, 0);
  }

  /** Without Kafka security (plaintext broker): the form tests written before SASL use. */
  public RoutingConfig(String bootstrapServers, String applicationId, Path dataDir, int port, int replicationFactor,
      int streamThreads, Optional<Path> policyPath, Duration startTimeout) {
    this(bootstrapServers, applicationId, dataDir, port, replicationFactor, streamThreads, policyPath, startTimeout,
        KafkaClientSecurity.NONE);
  }

  public static RoutingConfig fromEnv(Map<String, String> env) {
    String policy = env.get("CRISISLINE_ROUTING_POLICY");
    return new RoutingConfig(
        env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
        env.getOrDefault("CRISISLINE_ROUTING_APPLICATION_ID", RoutingTopics.DEFAULT_APPLICATION_ID),
        Path.of(env.getOrDefault("CRISISLINE_DATA_DIR", "./.crisisline")),
        Integer.parseInt(env.getOrDefault("CRISISLINE_ROUTING_PORT", "8082")),
        Integer.parseInt(env.getOrDefault("CRISISLINE_ROUTING_REPLICATION_FACTOR", "1")),
        Integer.parseInt(env.getOrDefault("CRISISLINE_ROUTING_THREADS", "1")),
        policy == null || policy.isBlank() ? Optional.empty() : Optional.of(Path.of(policy)),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("CRISISLINE_ROUTING_START_TIMEOUT_SECONDS", "60"))),
        KafkaClientSecurity.fromEnv(env),
        Integer.parseInt(env.getOrDefault("CRISISLINE_ROUTING_STANDBY_REPLICAS", "0")));
  }

  /** Local defaults against the given broker; tests change the rest with the withers. */
  public static RoutingConfig local(String bootstrapServers, Path dataDir) {
    return fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers, "CRISISLINE_DATA_DIR", dataDir.toString(),
        "CRISISLINE_ROUTING_PORT", "0"));
  }

  public RoutingConfig withApplicationId(String id) {
    return new RoutingConfig(bootstrapServers, id, dataDir, port, replicationFactor, streamThreads, policyPath,
        startTimeout, kafkaSecurity, standbyReplicas);
  }

  public RoutingConfig withPort(int p) {
    return new RoutingConfig(bootstrapServers, applicationId, dataDir, p, replicationFactor, streamThreads,
        policyPath, startTimeout, kafkaSecurity, standbyReplicas);
  }

  public RoutingConfig withPolicyPath(Path path) {
    return new RoutingConfig(bootstrapServers, applicationId, dataDir, port, replicationFactor, streamThreads,
        Optional.of(path), startTimeout, kafkaSecurity, standbyReplicas);
  }

  public RoutingConfig withKafkaSecurity(KafkaClientSecurity security) {
    return new RoutingConfig(bootstrapServers, applicationId, dataDir, port, replicationFactor, streamThreads,
        policyPath, startTimeout, security, standbyReplicas);
  }
}

package org.crisisline.routing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.crisisline.events.GroupMembership;
import org.crisisline.events.KafkaClientSecurity;
import org.crisisline.routing.market.RoutingPolicy;

/**
 * Configuration of the routing service. {@link #fromEnv} reads the environment of the
 * contract with a local default for everything:
 * {@code KAFKA_BOOTSTRAP_SERVERS} (localhost:9092), {@code CRISISLINE_ROUTING_PORT} (8082; 0 =
 * any free port), {@code CRISISLINE_DATA_DIR} (./.crisisline; state under routing-state/),
 * {@code CRISISLINE_ROUTING_POLICY} (unset = classpath defaults),
 * {@code CRISISLINE_ROUTING_REPLICATION_FACTOR} (1), {@code CRISISLINE_ROUTING_APPLICATION_ID}
 * (crisisline-routing), {@code CRISISLINE_ROUTING_THREADS} (1),
 * {@code CRISISLINE_ROUTING_STANDBY_REPLICAS} (0; 1 when several instances run, for fast failover),
 * {@code CRISISLINE_ROUTING_COMMIT_INTERVAL_MS} (100), {@code CRISISLINE_REGIONS} (unset; when set it must
 * name the policy's {@code regions}, or routing refuses to start); Kafka SASL/TLS through
 * {@link KafkaClientSecurity#fromEnv} ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_*}, ...); group
 * membership after a crash through {@link GroupMembership#fromEnv} ({@code CRISISLINE_KAFKA_INSTANCE_ID},
 * {@code CRISISLINE_KAFKA_SESSION_TIMEOUT_MS}, {@code CRISISLINE_KAFKA_HEARTBEAT_MS}).
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
    int standbyReplicas,
    Duration commitInterval,
    String declaredRegions,
    GroupMembership membership) {

  /**
   * Under exactly-once a record is visible downstream only once its transaction commits. Output
   * that is waited on (offers, status changes, moves) is committed early, every 20 ms while commits
   * are quick and no sooner than the last commit took when they are slow (EarlyCommit, CommitPace),
   * so the interval, Streams' default for exactly-once, is the backstop. A fixed 20 ms interval
   * starved the thread when the broker was slow: Streams counts it from the end of a commit, so 200 ms
   * commits left it 20 ms of every 220 for records (docs/performance.md).
   */
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);

  public RoutingConfig {
    kafkaSecurity = kafkaSecurity == null ? KafkaClientSecurity.NONE : kafkaSecurity;
    commitInterval = commitInterval == null ? DEFAULT_COMMIT_INTERVAL : commitInterval;
    membership = membership == null ? GroupMembership.DEFAULTS : membership;
    if (commitInterval.isNegative() || commitInterval.isZero()) {
      throw new IllegalArgumentException("CRISISLINE_ROUTING_COMMIT_INTERVAL_MS must be positive");
    }
  }

  public RoutingConfig(String bootstrapServers, String applicationId, Path dataDir, int port, int replicationFactor,
      int streamThreads, Optional<Path> policyPath, Duration startTimeout, KafkaClientSecurity kafkaSecurity,
      int standbyReplicas, Duration commitInterval, String declaredRegions) {
    this(bootstrapServers, applicationId, dataDir, port, replicationFactor, streamThreads, policyPath, startTimeout,
        kafkaSecurity, standbyReplicas, commitInterval, declaredRegions, GroupMembership.DEFAULTS);
  }

  public RoutingConfig(String bootstrapServers, String applicationId, Path dataDir, int port, int replicationFactor,
      int streamThreads, Optional<Path> policyPath, Duration startTimeout, KafkaClientSecurity kafkaSecurity,
      int standbyReplicas, Duration commitInterval) {
    this(bootstrapServers, applicationId, dataDir, port, replicationFactor, streamThreads, policyPath, startTimeout,
        kafkaSecurity, standbyReplicas, commitInterval, null);
  }

  /** Without standby replicas (one instance, or failover by restoring from the changelog). */
  public RoutingConfig(String bootstrapServers, String applicationId, Path dataDir, int port, int replicationFactor,
      int streamThreads, Optional<Path> policyPath, Duration startTimeout, KafkaClientSecurity kafkaSecurity) {
    this(bootstrapServers, applicationId, dataDir, port, replicationFactor, streamThreads, policyPath, startTimeout,
        kafkaSecurity, 0, DEFAULT_COMMIT_INTERVAL);
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
        Integer.parseInt(env.getOrDefault("CRISISLINE_ROUTING_STANDBY_REPLICAS", "0")),
        Duration.ofMillis(Long.parseLong(env.getOrDefault("CRISISLINE_ROUTING_COMMIT_INTERVAL_MS",
            Long.toString(DEFAULT_COMMIT_INTERVAL.toMillis())))),
        env.get(RoutingPolicy.REGIONS_ENV),
        GroupMembership.fromEnv(env));
  }

  /** Local defaults against the given broker; tests change the rest with the withers. */
  public static RoutingConfig local(String bootstrapServers, Path dataDir) {
    return fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers, "CRISISLINE_DATA_DIR", dataDir.toString(),
        "CRISISLINE_ROUTING_PORT", "0"));
  }

  public RoutingConfig withApplicationId(String id) {
    return new RoutingConfig(bootstrapServers, id, dataDir, port, replicationFactor, streamThreads, policyPath,
        startTimeout, kafkaSecurity, standbyReplicas, commitInterval, declaredRegions, membership);
  }

  public RoutingConfig withPort(int p) {
    return new RoutingConfig(bootstrapServers, applicationId, dataDir, p, replicationFactor, streamThreads,
        policyPath, startTimeout, kafkaSecurity, standbyReplicas, commitInterval, declaredRegions, membership);
  }

  public RoutingConfig withPolicyPath(Path path) {
    return new RoutingConfig(bootstrapServers, applicationId, dataDir, port, replicationFactor, streamThreads,
        Optional.of(path), startTimeout, kafkaSecurity, standbyReplicas, commitInterval, declaredRegions, membership);
  }

  /** The routing policy of this configuration, validated, and checked against {@code CRISISLINE_REGIONS}. */
  public RoutingPolicy policy() {
    RoutingPolicy policy = RoutingPolicy.load(policyPath);
    policy.requireRegionsAgree(declaredRegions == null ? Map.of() : Map.of(RoutingPolicy.REGIONS_ENV, declaredRegions));
    return policy;
  }

  public RoutingConfig withKafkaSecurity(KafkaClientSecurity security) {
    return new RoutingConfig(bootstrapServers, applicationId, dataDir, port, replicationFactor, streamThreads,
        policyPath, startTimeout, security, standbyReplicas, commitInterval, declaredRegions, membership);
  }
}

package org.crisisline.routing;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.crisisline.events.RetentionPolicy;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.crisisline.routing.market.RoutingPolicy;
import org.crisisline.routing.streams.MarketMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing service: creates its internal {@code <application.id>-markets} topic if missing, runs the
 * {@link RoutingTopology} with exactly-once, publishes its policy to {@code routing-policy} and reads
 * its peers' ({@link PolicyPublisher}, {@link PolicyPeers}), and serves /health, /ready and /metrics.
 * {@link #start} returns once Streams is RUNNING and HTTP is listening (or throws);
 * {@link #close} is idempotent and releases every thread and port.
 */
public final class RoutingApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RoutingApp.class);
  private final KafkaStreams streams;
  private final HealthServer http;
  private final RoutingMetrics metrics;
  private final KafkaStreamsMetrics streamsMetrics;
  private final PolicyPublisher publisher;
  private final PolicyPeers peers;
  private boolean closed;

  private RoutingApp(KafkaStreams streams, HealthServer http, RoutingMetrics metrics, KafkaStreamsMetrics streamsMetrics,
      PolicyPublisher publisher, PolicyPeers peers) {
    this.publisher = publisher;
    this.peers = peers;
    this.streams = streams;
    this.http = http;
    this.metrics = metrics;
    this.streamsMetrics = streamsMetrics;
  }

  public static RoutingApp start(RoutingConfig config) {
    RoutingPolicy policy = config.policy();
    log.info("routing policy version {} ({} settings{})", policy.version(), policy.settings().size(),
        config.policyPath().map(p -> ", from " + p).orElse(", classpath defaults"));
    int partitions = ensureMarketsTopic(config);
    try {
      Files.createDirectories(RoutingTopology.stateDir(config));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create routing state dir", e);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // A pool's gauges go NaN after a few missed refreshes: a rebalance moved it to another instance.
    RoutingMetrics metrics = new RoutingMetrics(registry, policy.snapshotRefresh().multipliedBy(4),
        System::currentTimeMillis);
    KafkaStreams streams = new KafkaStreams(RoutingTopology.build(policy, metrics, config.applicationId(), partitions),
        RoutingTopology.streamsConfig(config));
    CountDownLatch running = new CountDownLatch(1);
    streams.setStateListener((now, before) -> {
      log.info("routing streams {} -> {}", before, now);
      if (now == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
    });
    streams.setUncaughtExceptionHandler(e -> {
      log.error("routing stream thread failed; replacing it", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    metrics.streamsState(streams::state);
    metrics.policy(policy.version());
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    HealthServer http = null;
    PolicyPublisher publisher = null;
    PolicyPeers peers = null;
    try {
      publisher = new PolicyPublisher(config, policy);
      publisher.start();
      peers = new PolicyPeers(config);
      peers.start();
      PolicyPeers seen = peers;
      http = new HealthServer(config.port(), streams::state, policy.version(), () -> seen.versions(Instant.now()),
          registry);
      streams.start();
      if (!running.await(config.startTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("routing streams not RUNNING after " + config.startTimeout()
            + " (state " + streams.state() + ")");
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      streamsMetrics.close();
      streams.close(Duration.ofSeconds(10));
      if (http != null) {
        http.close();
      }
      if (peers != null) {
        peers.close();
      }
      if (publisher != null) {
        publisher.close();
      }
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw e instanceof RuntimeException re ? re : new IllegalStateException("routing failed to start", e);
    }
    log.info("routing running (application.id {}, instance {}, policy {}, http port {})", config.applicationId(),
        publisher.instanceId(), policy.version(), http.port());
    return new RoutingApp(streams, http, metrics, streamsMetrics, publisher, peers);
  }

  /** The topics a request's own records are on: requests are placed in one hop if they all have as many partitions. */
  static final List<String> REQUEST_SIDE = List.of(Topics.HELP_REQUESTS.name(), Topics.OFFER_ANSWERS.name(),
      Topics.SMS_REPLIES.name(), Topics.ALERT_ACKS.name(), Topics.SMS_ALERT_ACKS.name());

  /**
   * Creates {@code <application.id>-markets} with as many partitions as {@code help-requests}; returns
   * that count if every request-side topic has it (requests aligned with their region then take
   * one hop), 0 if not (every request is re-keyed through {@code -markets}, two hops).
   */
  static int ensureMarketsTopic(RoutingConfig config) {
    Map<String, Object> adminProps = new java.util.HashMap<>(config.kafkaSecurity().clientProperties());
    adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    try (Admin admin = Admin.create(adminProps)) {
      Map<String, Integer> counts = partitionCounts(admin);
      int partitions = counts.getOrDefault(Topics.HELP_REQUESTS.name(), 3);
      NewTopic topic = new NewTopic(RoutingTopics.markets(config.applicationId()).name(), Optional.of(partitions),
          Optional.of((short) config.replicationFactor()));
      Topic<String, MarketMessage> markets = RoutingTopics.markets(config.applicationId());
      // Its retention is set, not left to the broker default, like every registry topic's.
      Map<String, String> configs = new java.util.HashMap<>(
          RetentionPolicy.fromEnv(System.getenv()).topicConfigs(markets.retention()));
      configs.put("min.insync.replicas", Integer.toString(Math.min(2, config.replicationFactor())));
      topic.configs(configs);
      try {
        admin.createTopics(List.of(topic)).all().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      return samePartitions(counts, partitions);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create " + RoutingTopics.markets(config.applicationId()).name(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating " + RoutingTopics.markets(config.applicationId()).name(), e);
    }
  }

  /** Partitions of each request-side topic that exists. */
  private static Map<String, Integer> partitionCounts(Admin admin) throws ExecutionException, InterruptedException {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    for (var described : admin.describeTopics(REQUEST_SIDE).topicNameValues().entrySet()) {
      try {
        counts.put(described.getKey(), described.getValue().get().partitions().size());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
    }
    return counts;
  }

  private static int samePartitions(Map<String, Integer> counts, int partitions) {
    if (counts.size() == REQUEST_SIDE.size() && counts.values().stream().allMatch(c -> c == partitions)) {
      log.info("request-side topics have {} partitions each: requests aligned with their region take one hop", partitions);
      return partitions;
    }
    log.warn("request-side topics do not all have {} partitions ({}): every request is re-keyed by region (two hops)",
        partitions, counts);
    return 0;
  }

  public int port() {
    return http.port();
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  public RoutingMetrics metrics() {
    return metrics;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    streamsMetrics.close();
    // Leave the group: a restarted instance then gets its tasks at once instead of waiting
    // out the session timeout of the departed member.
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ofSeconds(30)));
    publisher.close();
    peers.close();
    http.close();
    log.info("routing stopped");
  }

  public static void main(String[] args) {
    RoutingApp app = start(RoutingConfig.fromEnv(System.getenv()));
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "routing-shutdown"));
  }
}

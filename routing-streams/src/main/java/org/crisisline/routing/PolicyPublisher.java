package org.crisisline.routing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.crisisline.events.Ids;
import org.crisisline.events.RoutingPolicyPublished;
import org.crisisline.events.Topics;
import org.crisisline.routing.market.RoutingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this instance's effective policy to the compacted {@code routing-policy} (key: instance
 * id, value {@link RoutingPolicyPublished}) at start, again every {@link #HEARTBEAT} so readers
 * can tell a live instance from a departed one, and a tombstone on {@link #close}. A plain
 * idempotent producer with acks=all, outside the Streams transactions: the policy is not a
 * decision. The instance id is {@code <application.id>/<uuid>}, the uuid kept in the state
 * directory so a restarted instance replaces its own entry.
 */
final class PolicyPublisher implements AutoCloseable {
  static final Duration HEARTBEAT = Duration.ofSeconds(60);
  private static final Logger log = LoggerFactory.getLogger(PolicyPublisher.class);

  private final String instanceId;
  private final RoutingPolicy policy;
  private final KafkaProducer<String, RoutingPolicyPublished> producer;
  private final ScheduledExecutorService heartbeat;

  PolicyPublisher(RoutingConfig config, RoutingPolicy policy) {
    this.instanceId = config.applicationId() + "/" + localId(RoutingTopology.stateDir(config));
    this.policy = policy;
    Map<String, Object> p = new java.util.HashMap<>(config.kafkaSecurity().clientProperties());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-policy");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    producer = new KafkaProducer<>(p, Topics.ROUTING_POLICY.keySerde().serializer(),
        Topics.ROUTING_POLICY.valueSerde().serializer());
    heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "routing-policy-heartbeat");
      t.setDaemon(true);
      return t;
    });
  }

  /** Publishes now (waiting for the broker's acknowledgement), then every {@link #HEARTBEAT}. */
  void start() {
    send(published(), true);
    heartbeat.scheduleAtFixedRate(() -> send(published(), false), HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  String instanceId() {
    return instanceId;
  }

  private RoutingPolicyPublished published() {
    return new RoutingPolicyPublished(Ids.newId(), Instant.now(), instanceId, policy.version(), policy.regions(),
        policy.settings());
  }

  private void send(RoutingPolicyPublished value, boolean wait) {
    var sent = producer.send(new ProducerRecord<>(Topics.ROUTING_POLICY.name(), instanceId, value), (md, e) -> {
      if (e != null) {
        log.warn("cannot publish routing policy {} of {}: {}", policy.version(), instanceId, e.toString());
      }
    });
    if (wait) {
      try {
        sent.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("cannot publish the routing policy to " + Topics.ROUTING_POLICY, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted publishing the routing policy", e);
      }
    }
  }

  /** Stops the heartbeat and removes this instance's entry (a tombstone). */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      producer.send(new ProducerRecord<>(Topics.ROUTING_POLICY.name(), instanceId, null)).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.warn("no tombstone for routing instance {}: {}", instanceId, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      producer.close(Duration.ofSeconds(5));
    }
  }

  /** A uuid kept in {@code dir}: stable across restarts of the instance that owns the directory. */
  static String localId(Path dir) {
    Path file = dir.resolve("instance-id");
    try {
      if (Files.exists(file)) {
        String id = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (!id.isEmpty()) {
          return id;
        }
      }
      Files.createDirectories(dir);
      String id = UUID.randomUUID().toString();
      Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the routing instance id in " + file, e);
    }
  }
}

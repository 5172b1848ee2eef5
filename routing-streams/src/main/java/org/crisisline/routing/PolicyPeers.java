package org.crisisline.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.crisisline.events.RoutingPolicyPublished;
import org.crisisline.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code routing-policy} (all partitions assigned, from the beginning, no group) on one
 * thread, to know which policy version each routing instance of this application decides by. An
 * entry counts while younger than {@link #LIVE} (three missed heartbeats); a tombstone removes it.
 */
final class PolicyPeers implements AutoCloseable {
  static final Duration LIVE = Duration.ofMinutes(3);
  private static final Logger log = LoggerFactory.getLogger(PolicyPeers.class);

  private final String applicationPrefix;
  private final KafkaConsumer<String, RoutingPolicyPublished> consumer;
  private final Map<String, RoutingPolicyPublished> entries = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  PolicyPeers(RoutingConfig config) {
    this.applicationPrefix = config.applicationId() + "/";
    Map<String, Object> p = new java.util.HashMap<>(config.kafkaSecurity().clientProperties());
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-policy-peers");
    consumer = new KafkaConsumer<>(p, Topics.ROUTING_POLICY.keySerde().deserializer(),
        Topics.ROUTING_POLICY.valueSerde().deserializer());
    thread = new Thread(this::run, "routing-policy-peers");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** instance id -> policy version of the live instances of this application, sorted by id. */
  Map<String, String> versions(Instant now) {
    Map<String, String> v = new TreeMap<>();
    entries.forEach((id, e) -> {
      if (id.startsWith(applicationPrefix) && e.occurredAt().isAfter(now.minus(LIVE))) {
        v.put(id, e.version());
      }
    });
    return v;
  }

  private void run() {
    try {
      List<TopicPartition> partitions = List.of();
      while (running && partitions.isEmpty()) {
        try {
          partitions = consumer.partitionsFor(Topics.ROUTING_POLICY.name(), Duration.ofSeconds(10)).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        } catch (TimeoutException e) {
          log.warn("no metadata for {} yet: {}", Topics.ROUTING_POLICY, e.toString());
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (running) {
        try {
          consumer.poll(Duration.ofSeconds(1)).forEach(this::apply);
        } catch (RecordDeserializationException e) {
          // Not a policy: skip it (the writer is routing, so this is a bug to see in the log, not to stop on).
          log.warn("skipping undecodable {} at {}@{}", Topics.ROUTING_POLICY, e.topicPartition(), e.offset());
          consumer.seek(e.topicPartition(), e.offset() + 1);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      if (running) {
        log.error("routing policy reader stopped: {}", e.toString());
      }
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void apply(ConsumerRecord<String, RoutingPolicyPublished> r) {
    if (r.key() == null) {
      return;
    }
    if (r.value() == null) {
      entries.remove(r.key());
    } else {
      entries.put(r.key(), r.value());
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

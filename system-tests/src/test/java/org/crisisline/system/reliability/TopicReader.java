package org.crisisline.system.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.crisisline.events.Topic;

/**
 * Reads a whole topic back, read_committed, as raw bytes, and decodes record by record: the poison
 * records a fault run writes on purpose must not stop the read. Reads every partition from the
 * beginning up to the last stable offset at the time of the call. Writes nothing.
 */
final class TopicReader {
  private TopicReader() {}

  /** Every decodable value of the topic, in partition order (per-key order is kept). */
  static <V> List<V> values(String bootstrap, Topic<String, ? super V> topic, Class<V> type) {
    List<V> out = new ArrayList<>();
    read(bootstrap, topic.name(), r -> {
      if (r.value() == null) {
        return null;
      }
      try {
        Object v = topic.valueSerde().deserializer().deserialize(topic.name(), r.value());
        if (type.isInstance(v)) {
          out.add(type.cast(v));
        }
      } catch (RuntimeException poison) {
        // Not ours to judge here: the dead-letter check accounts for poison records.
      }
      return null;
    });
    return out;
  }

  /** The keys (UTF-8) of every record of the topic. */
  static List<String> keys(String bootstrap, String topic) {
    List<String> out = new ArrayList<>();
    read(bootstrap, topic, r -> {
      out.add(r.key() == null ? "<null>" : new String(r.key(), StandardCharsets.UTF_8));
      return null;
    });
    return out;
  }

  private static void read(String bootstrap, String topic, Function<ConsumerRecord<byte[], byte[]>, Void> each) {
    Map<String, Object> props = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "reliability-reader-" + UUID.randomUUID(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (parts.stream().anyMatch(p -> c.position(p, Duration.ofSeconds(30)) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end within 2 minutes");
        }
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          each.apply(r);
        }
      }
    }
  }
}

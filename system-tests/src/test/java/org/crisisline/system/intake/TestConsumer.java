package org.crisisline.system.intake;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.crisisline.events.Topic;
import org.crisisline.system.RealKafka;

/** Reads one topic from the beginning (read_committed), raw and decoded, for assertions. */
final class TestConsumer<V> implements AutoCloseable {
  private final Topic<String, V> topic;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();

  TestConsumer(Topic<String, V> topic) {
    this.topic = topic;
    this.consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", RealKafka.bootstrapServers(),
        "group.id", "intake-test-" + UUID.randomUUID(), "auto.offset.reset", "earliest",
        "isolation.level", "read_committed", "enable.auto.commit", "false"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic.name()));
  }

  /** Everything read so far plus what arrives within one poll. */
  List<ConsumerRecord<byte[], byte[]>> poll() {
    consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
    return seen;
  }

  V decode(ConsumerRecord<byte[], byte[]> r) {
    return r.value() == null ? null : topic.valueSerde().deserializer().deserialize(topic.name(), r.value());
  }

  List<V> values() {
    return poll().stream().map(this::decode).toList();
  }

  V awaitValue(Predicate<V> match) {
    List<V> found = new ArrayList<>();
    await().atMost(Duration.ofSeconds(15)).until(() -> {
      values().stream().filter(v -> v != null && match.test(v)).findFirst().ifPresent(found::add);
      return !found.isEmpty();
    });
    return found.get(0);
  }

  @Override
  public void close() {
    consumer.close();
  }
}

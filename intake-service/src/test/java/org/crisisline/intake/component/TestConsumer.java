package org.crisisline.intake.component;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.crisisline.events.Topic;
import org.crisisline.kafkalocal.RealKafka;

/** Reads one topic from the beginning (read_committed, all partitions assigned), raw and decoded. */
final class TestConsumer<V> implements AutoCloseable {
  private final Topic<String, V> topic;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions;
  private final List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();

  TestConsumer(Topic<String, V> topic) {
    this.topic = topic;
    this.consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", RealKafka.bootstrapServers(),
        "isolation.level", "read_committed", "enable.auto.commit", "false"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.partitions = consumer.partitionsFor(topic.name()).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Everything up to the end offsets as of now. */
  List<ConsumerRecord<byte[], byte[]>> readToEnd() {
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    await().atMost(Duration.ofSeconds(15)).until(() -> {
      consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
      return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    });
    return seen;
  }

  V decode(ConsumerRecord<byte[], byte[]> r) {
    return r.value() == null ? null : topic.valueSerde().deserializer().deserialize(topic.name(), r.value());
  }

  /**
   * Every decodable value. The broker is shared by the whole test JVM and other tests write
   * poison records on purpose (dead-letter tests), so undecodable records are skipped here.
   */
  List<V> values() {
    List<V> values = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : readToEnd()) {
      try {
        values.add(decode(r));
      } catch (SerializationException poisonFromAnotherTest) {
        // not this test's record
      }
    }
    return values;
  }

  int partitionCount() {
    return partitions.size();
  }

  long endOffsetSum() {
    return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
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

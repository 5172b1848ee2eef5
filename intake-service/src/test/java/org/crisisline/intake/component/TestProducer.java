package org.crisisline.intake.component;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.crisisline.events.Topic;
import org.crisisline.kafkalocal.RealKafka;

/** Plays another module's writer (routing) in intake tests: synchronous, acks=all. */
final class TestProducer implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
      Map.of("bootstrap.servers", RealKafka.bootstrapServers(), "acks", "all"),
      new ByteArraySerializer(), new ByteArraySerializer());

  <V> void send(Topic<String, V> topic, String key, V value) {
    try {
      producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
          topic.valueSerde().serializer().serialize(topic.name(), value))).get();
    } catch (Exception e) {
      throw new AssertionError("send to " + topic + " failed", e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}

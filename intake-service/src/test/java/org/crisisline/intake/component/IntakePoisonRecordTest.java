package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crisisline.intake.component.IntakeFixture.call;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.crisisline.events.DeadLetters;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An undecodable record on a topic intake reads goes to dead-letters with its bytes; intake keeps serving. */
@ExtendWith(RealKafka.class)
class IntakePoisonRecordTest {

  @BeforeAll
  static void start() {
    IntakeFixture.app();
  }

  @Test
  void aPoisonRecordIsDeadLetteredAndTheViewsCarryOn() {
    // Given garbage on offers
    String key = "poison-" + UUID.randomUUID();
    byte[] garbage = "{\"type\":\"OfferMade\",\"offerId\":".getBytes(StandardCharsets.UTF_8);
    try (var producer = new KafkaProducer<byte[], byte[]>(Map.of("bootstrap.servers", RealKafka.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.OFFERS.name(), key.getBytes(StandardCharsets.UTF_8), garbage));
    }
    // Then dead-letters holds it, as it was, described by intake
    try (var dlq = new KafkaConsumer<byte[], byte[]>(Map.of("bootstrap.servers", RealKafka.bootstrapServers()),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      var partitions = dlq.partitionsFor(Topics.DEAD_LETTERS.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      dlq.assign(partitions);
      dlq.seekToBeginning(partitions);
      ConsumerRecord<byte[], byte[]>[] found = new ConsumerRecord[1];
      await().atMost(Duration.ofSeconds(15)).until(() -> {
        for (var r : dlq.poll(Duration.ofMillis(200))) {
          if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))
              && "intake".equals(DeadLetters.header(r.headers(), DeadLetters.WRITER))) {
            found[0] = r;
          }
        }
        return found[0] != null;
      });
      assertThat(found[0].value()).isEqualTo(garbage);
      assertThat(DeadLetters.header(found[0].headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.OFFERS.name());
    }
    // And intake still answers, and counts it where the DeadLetters alert looks
    assertThat(call("GET", "/ready", null, null).status()).isEqualTo(200);
    assertThat(call("GET", "/metrics", null, null).body()).containsPattern("(?m)^crisisline_dead_letters_total [1-9]");
  }
}

package org.crisisline.kafkalocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.crisisline.events.RequestEvent;
import org.crisisline.events.SampleEvents;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared broker serves transactions end to end: committed records reach read_committed consumers. */
@ExtendWith(RealKafka.class)
class RealKafkaSmokeTest {

  @BeforeAll
  static void topics() {
    RealKafka.createTopics();
  }

  @Test
  void everyRegistryTopicExistsAfterCreateTopicsRunsTwice() throws Exception {
    // Given topics created once in @BeforeAll
    // When they are created again
    RealKafka.createTopics();
    // Then every topic of the registry exists
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", RealKafka.bootstrapServers()))) {
      assertThat(admin.listTopics().names().get())
          .containsAll(Topics.all().stream().map(Topic::name).toList());
    }
  }

  @Test
  void aTransactionallyProducedRequestIsReadByAReadCommittedConsumer() {
    // Given a transactional producer and a read_committed consumer on help-requests
    Topic<String, RequestEvent> topic = Topics.HELP_REQUESTS;
    RequestEvent event = SampleEvents.helpRequestLogged();
    String key = "smoke-" + UUID.randomUUID();
    try (KafkaProducer<String, RequestEvent> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealKafka.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, "smoke-" + UUID.randomUUID()),
            topic.keySerde().serializer(), topic.valueSerde().serializer());
        // Values as bytes: the shared topic also holds other tests' records, poison ones included.
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealKafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "smoke-" + UUID.randomUUID(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
            topic.keySerde().deserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic.name()));

      // When one aborted and one committed transaction are written
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic.name(), key + "-aborted", event));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic.name(), key, event));
      producer.commitTransaction();

      // Then the consumer sees the committed record and never the aborted one
      List<String> seen = new ArrayList<>();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (r.key().startsWith(key)) {
            seen.add(r.key());
            assertThat(topic.valueSerde().deserializer().deserialize(topic.name(), r.value())).isEqualTo(event);
          }
        });
        assertThat(seen).contains(key);
      });
      assertThat(seen).containsExactly(key);
    }
  }
}

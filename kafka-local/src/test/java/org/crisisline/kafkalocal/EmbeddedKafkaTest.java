package org.crisisline.kafkalocal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.crisisline.events.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

  @Test
  void aRestartedBrokerOnTheSameDirectoryKeepsTopicsAndRecordsAndFreesItsPorts(@TempDir Path dir) throws Exception {
    // Given a broker on a persistent directory with the topics and one record
    String bootstrap;
    int port;
    int controllerPort;
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().logDir(dir).start();
        TopicAdmin admin = new TopicAdmin(kafka.bootstrapServers())) {
      bootstrap = kafka.bootstrapServers();
      port = kafka.brokerPort(1);
      controllerPort = kafka.controllerPort();
      admin.ensureTopics(TopicAdmin.Layout.LOCAL);
      assertThat(admin.isEmpty(Topics.all())).isTrue();
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(
          Map.of("bootstrap.servers", bootstrap, "acks", "all"), new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>(Topics.AUDIT.name(), "k", "v")).get();
      }
    }
    // Then its ports are free once closed
    assertThat(canBind(port)).isTrue();
    assertThat(canBind(controllerPort)).isTrue();

    // When a new broker starts on the same directory
    try (EmbeddedKafka again = EmbeddedKafka.builder().logDir(dir).start();
        TopicAdmin admin = new TopicAdmin(again.bootstrapServers())) {
      // Then the topics and the record are still there and verification passes
      admin.ensureTopics(TopicAdmin.Layout.LOCAL);
      assertThat(admin.isEmpty(Topics.all())).isFalse();
    }
  }

  @Test
  void aThreeBrokerClusterServesRf3TopicsWhileOneBrokerIsStopped() throws Exception {
    // Given three brokers and a dedicated controller, topics at RF 3 and min.insync 2
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().brokers(3).start();
        TopicAdmin admin = new TopicAdmin(kafka.bootstrapServers())) {
      admin.ensureTopics(List.of(Topics.AUDIT), TopicAdmin.Layout.PRODUCTION);

      // When broker 2 stops
      kafka.stopBroker(2);

      // Then acks=all writes still succeed with two in-sync replicas
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(
          Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all", "delivery.timeout.ms", 60_000,
              "request.timeout.ms", 10_000), new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>(Topics.AUDIT.name(), "k", "v")).get();
      }
      // And when it starts again it rejoins the cluster
      kafka.startBroker(2);
      try (Admin a = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(
            () -> a.describeCluster().nodes().get().size() == 3);
      }
    }
  }

  private static boolean canBind(int port) {
    try (ServerSocket s = new ServerSocket(port)) {
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}

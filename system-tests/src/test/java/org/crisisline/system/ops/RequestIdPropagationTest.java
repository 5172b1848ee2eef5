package org.crisisline.system.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.crisisline.events.Topics;
import org.crisisline.intake.IntakeApp;
import org.crisisline.intake.IntakeConfig;
import org.crisisline.intake.kafka.EventPublisher;
import org.crisisline.intake.openapi.OpenApiResponses;
import org.crisisline.kafkalocal.RealKafka;
import org.crisisline.system.e2e.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The correlation id: intake echoes X-Request-Id and puts it on the Kafka records it writes for that request. */
@ExtendWith(RealKafka.class)
class RequestIdPropagationTest {

  @Test
  void theXRequestIdOfAnAdminCallTravelsAsAKafkaHeaderOnTheRecordItWrites() throws Exception {
    // Given intake and an admin token
    RealKafka.createTopics();
    String password = "corr-" + UUID.randomUUID();
    String responderId = "corr-" + UUID.randomUUID().toString().substring(0, 8);
    String requestId = "ops-test-" + UUID.randomUUID();
    try (IntakeApp intake = IntakeApp.start(IntakeConfig.local(RealKafka.bootstrapServers(), password))) {
      String base = "http://localhost:" + intake.port();
      String admin = new Api(base).login("admin", password);
      String profile = Api.json(Map.of("displayName", "Corr", "kind", "PEER_SPECIALIST", "region", "north",
          "languages", List.of("en"), "specialties", List.of(), "capacity", 1,
          "contact", Map.of("email", "corr@responders.example.org"), "channels", List.of("EMAIL"), "active", true));

      // When an admin registers a responder with an X-Request-Id
      HttpResponse<String> put = OpenApiResponses.check(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(base + "/api/v1/responders/" + responderId))
          .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
          .header("X-Request-Id", requestId).PUT(HttpRequest.BodyPublishers.ofString(profile)).build(),
          HttpResponse.BodyHandlers.ofString()));

      // Then the response echoes it, and the responders record carries it as a header
      assertThat(put.statusCode()).as(put.body()).isLessThan(300);
      assertThat(put.headers().firstValue("X-Request-Id")).hasValue(requestId);
      assertThat(headerOnRecord(Topics.RESPONDERS.name(), responderId)).isEqualTo(requestId);
    }
  }

  @Test
  void theXRequestIdOfALoggedRequestTravelsOnItsHelpRequestsRecord() throws Exception {
    // Given intake serving a region of this test only
    RealKafka.createTopics();
    String password = "corr-" + UUID.randomUUID();
    String region = "corr-" + UUID.randomUUID().toString().substring(0, 8);
    String correlation = "ops-test-" + UUID.randomUUID();
    try (IntakeApp intake = IntakeApp.start(IntakeConfig.local(RealKafka.bootstrapServers(), password)
        .withRegions(java.util.Set.of(region)))) {
      String base = "http://localhost:" + intake.port();
      String staff = new Api(base).login("staff", password);
      String body = Api.json(Map.of("channel", "PHONE", "urgency", "LOW", "need", "PEER_SUPPORT", "language", "en",
          "region", region, "ageGroup", "ADULT", "summary", "correlation test",
          "callerContact", Map.of("phone", "+15035550100", "consentToContact", true)));

      // When staff log a request with an X-Request-Id
      HttpResponse<String> logged = OpenApiResponses.check(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(base + "/api/v1/requests"))
          .header("Authorization", "Bearer " + staff).header("Content-Type", "application/json")
          .header("Idempotency-Key", UUID.randomUUID().toString()).header("X-Request-Id", correlation)
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));

      // Then the help-requests record written in the request log's transaction carries it
      assertThat(logged.statusCode()).as(logged.body()).isEqualTo(202);
      String requestId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(logged.body())
          .path("requestId").asText();
      assertThat(headerOnRecord(Topics.HELP_REQUESTS.name(), requestId)).isEqualTo(correlation);
    }
  }

  /** Reads the topic as bytes (other tests write poison records) until this key's record shows up. */
  private static String headerOnRecord(String topic, String key) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealKafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "corr-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      AtomicReference<String> found = new AtomicReference<>();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
            Header h = r.headers().lastHeader(EventPublisher.REQUEST_ID_HEADER);
            found.set(h == null ? "<none>" : new String(h.value(), StandardCharsets.UTF_8));
          }
        });
        return found.get() != null;
      });
      return found.get();
    }
  }
}

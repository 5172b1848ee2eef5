package org.crisisline.system.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.crisisline.intake.IntakeApp;
import org.crisisline.intake.IntakeConfig;
import org.crisisline.intake.openapi.OpenApiResponses;
import org.crisisline.routing.RoutingApp;
import org.crisisline.routing.RoutingConfig;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What operators scrape and probe: /ready reflects the real state and /metrics carries Kafka Streams and
 * Kafka client metrics (consumer lag) next to each service's own, on a real broker. The notifier's
 * (provider reachability on /ready) is notifier-service's NotifierProviderProbeTest.
 */
@ExtendWith(RealKafka.class)
class OperatorEndpointsTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void routingIsReadyWhenRunningAndExportsStreamsMetricsAndConsumerLag(@TempDir Path dataDir) throws Exception {
    // Given a routing instance on the shared broker
    RealKafka.createTopics();
    try (RoutingApp routing = RoutingApp.start(RoutingConfig.local(RealKafka.bootstrapServers(), dataDir)
        .withApplicationId("ops-routing-" + RUN))) {
      String base = "http://localhost:" + routing.port();
      // Then /ready says RUNNING, and /metrics has the Streams and consumer-lag metrics
      HttpResponse<String> ready = get(base + "/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("RUNNING");
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(base + "/metrics").body())
          .contains("crisisline_routing_streams_state", "kafka_stream_", "kafka_consumer_fetch_manager_records_lag_max"));
    }
  }

  @Test
  void twoRoutingInstancesWithDifferentPoliciesShowUpInReady(@TempDir Path dirA, @TempDir Path dirB) throws Exception {
    // Given two instances of one routing application, the second with a different SLA
    RealKafka.createTopics();
    Path policy = Files.writeString(dirB.resolve("policy.properties"), "sla.HIGH=301\n");
    RoutingConfig a = RoutingConfig.local(RealKafka.bootstrapServers(), dirA).withApplicationId("ops-policy-" + RUN);
    try (RoutingApp first = RoutingApp.start(a)) {
      String base = "http://localhost:" + first.port();
      String mine = JSON.readTree(get(base + "/ready").body()).get("policyVersion").asText();
      try (RoutingApp second = RoutingApp.start(RoutingConfig.local(RealKafka.bootstrapServers(), dirB)
          .withApplicationId("ops-policy-" + RUN).withPolicyPath(policy))) {
        // Then the first instance's /ready lists both versions and says they differ
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          JsonNode ready = JSON.readTree(get(base + "/ready").body());
          assertThat(ready.get("policyVersions").size()).isEqualTo(2);
          assertThat(ready.get("policyMismatch").asBoolean()).isTrue();
        });
        assertThat(JSON.readTree(get(base + "/ready").body()).get("policyVersions").toString()).contains(mine);
      }
      // When the second stops cleanly, Then its entry is gone (a tombstone) and the versions agree again
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        JsonNode ready = JSON.readTree(get(base + "/ready").body());
        assertThat(ready.get("policyVersions").size()).isEqualTo(1);
        assertThat(ready.get("policyMismatch").asBoolean()).isFalse();
      });
    }
  }

  @Test
  void intakeExportsItsViewsConsumerLagAndProducerMetrics() throws Exception {
    // Given an intake instance
    RealKafka.createTopics();
    IntakeApp intake = IntakeApp.start(IntakeConfig.local(RealKafka.bootstrapServers(), "ops-" + RUN)
        .withHttpPort(0));
    try {
      String base = "http://localhost:" + intake.port();
      // Then it is ready once its views caught up, and /metrics has the Kafka client metrics
      assertThat(intake(base + "/ready").statusCode()).isEqualTo(200);
      assertThat(intake(base + "/metrics").body())
          .contains("kafka_consumer_fetch_manager_records_lag_max", "kafka_producer_");
    } finally {
      intake.close();
    }
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GETs an endpoint of intake; the response must match intake's openapi.yaml. */
  private static HttpResponse<String> intake(String url) throws IOException, InterruptedException {
    return OpenApiResponses.check(get(url));
  }
}

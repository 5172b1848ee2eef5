package org.crisisline.system.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.crisisline.intake.IntakeApp;
import org.crisisline.intake.IntakeConfig;
import org.crisisline.intake.openapi.OpenApiResponses;
import org.crisisline.localstack.MailCatcher;
import org.crisisline.notifier.NotifierApp;
import org.crisisline.notifier.NotifierConfig;
import org.crisisline.routing.RoutingApp;
import org.crisisline.routing.RoutingConfig;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What operators scrape and probe: /ready reflects the real state and /metrics carries Kafka Streams and
 * Kafka client metrics (consumer lag) next to each service's own, on a real broker.
 */
@ExtendWith(RealKafka.class)
class OperatorEndpointsTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
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
  void theNotifierReportsProviderReachabilityWithoutLettingAnSmsOutageStopIt() throws Exception {
    // Given a notifier whose SMTP server is up and whose SMS provider is down
    RealKafka.createTopics();
    try (MailCatcher mail = new MailCatcher(0);
        NotifierApp notifier = NotifierApp.start(NotifierConfig.fromEnv(Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", RealKafka.bootstrapServers(),
            "CRISISLINE_NOTIFIER_PORT", "0",
            "CRISISLINE_NOTIFIER_GROUP", "ops-notifier-" + RUN,
            "SMTP_HOST", "localhost",
            "SMTP_PORT", String.valueOf(mail.port()),
            "SMS_BASE_URL", "http://localhost:" + closedPort())))) {
      String base = "http://localhost:" + notifier.port();
      // Then /ready stays 200 (it consumes offers) and names each provider's state
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        HttpResponse<String> ready = get(base + "/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"smtp\":\"reachable\"", "\"sms\":\"unreachable\"");
      });
      // And /metrics has the reachability gauges and the offers consumer's lag
      String metrics = get(base + "/metrics").body();
      assertThat(metrics).contains("crisisline_notifier_provider_reachable{provider=\"sms\"} 0.0",
          "crisisline_notifier_provider_reachable{provider=\"smtp\"} 1.0", "kafka_consumer_fetch_manager_records_lag_max");
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

  /** A port nothing listens on (bound, then released). */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}

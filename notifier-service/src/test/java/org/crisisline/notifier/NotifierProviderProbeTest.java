package org.crisisline.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What operators probe: provider reachability is reported, and is not a readiness gate. */
@ExtendWith(RealKafka.class)
class NotifierProviderProbeTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private NotifierFixture fx;

  @BeforeEach
  void setUp() {
    fx = new NotifierFixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  @Test
  void theNotifierReportsProviderReachabilityWithoutLettingAnSmsOutageStopIt() throws Exception {
    // Given a notifier whose SMTP server is up and whose SMS provider is down
    fx.start(fx.config(Map.of("SMS_BASE_URL", "http://localhost:" + NotifierFixture.freePort())));
    String base = "http://localhost:" + fx.app.port();
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

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

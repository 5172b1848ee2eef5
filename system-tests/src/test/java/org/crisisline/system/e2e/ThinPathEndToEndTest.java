package org.crisisline.system.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.DeliveryDelivered;
import org.crisisline.events.DeliveryEvent;
import org.crisisline.events.Topics;
import org.crisisline.intake.IntakeApp;
import org.crisisline.intake.IntakeConfig;
import org.crisisline.localstack.MailCatcher;
import org.crisisline.smssink.OutboxMessage;
import org.crisisline.smssink.SmsSink;
import org.crisisline.notifier.NotifierApp;
import org.crisisline.notifier.NotifierConfig;
import org.crisisline.routing.RoutingApp;
import org.crisisline.routing.RoutingConfig;
import org.crisisline.kafkalocal.RealKafka;
import org.crisisline.system.ops.PrometheusText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thin path of issue 2 through all three real services on a real broker: an admin registers a
 * responder, the responder goes AVAILABLE, staff log a request over HTTP, routing offers it, the
 * notifier emails the handoff to a real SMTP server (GreenMail) and texts it to the local SMS sink
 * (whose signed "delivered" callback the notifier accepts), the responder accepts over the API, and
 * the request reads ACCEPTED with its timeline. Everything on ports 0, ids unique to this class.
 */
@ExtendWith(RealKafka.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThinPathEndToEndTest {
  private static final String PASSWORD = "e2e-" + UUID.randomUUID();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String REGION = "e2e-" + RUN;
  private static final List<AutoCloseable> STARTED = new ArrayList<>();
  private static MailCatcher mail;
  private static SmsSink sms;
  private static Api api;
  private static RoutingApp routing;
  private static IntakeApp intake;
  private static NotifierApp notifier;

  @BeforeAll
  static void startTheThreeServices(@TempDir Path dataDir) {
    RealKafka.createTopics();
    mail = started(new MailCatcher(0));
    sms = started(new SmsSink(0, "AC-e2e", "e2e-token", mail::messages));
    Map<String, String> env = ServicesEnv.of("e2e", RUN, dataDir, PASSWORD, REGION);
    env.put("CRISISLINE_ROUTING_POLICY", writePolicy(dataDir, "regions=" + REGION + "\n").toString());
    env.put("CRISISLINE_DEV_OUTBOX_URL", sms.baseUrl() + "/outbox");
    env.put("SMTP_HOST", "localhost");
    env.put("SMTP_PORT", String.valueOf(mail.port()));
    env.put("SMS_BASE_URL", sms.baseUrl());
    env.put("SMS_ACCOUNT_SID", "AC-e2e");
    env.put("SMS_AUTH_TOKEN", "e2e-token");
    routing = started(RoutingApp.start(RoutingConfig.fromEnv(env)));
    intake = started(IntakeApp.start(IntakeConfig.fromEnv(env)));
    env.put("CRISISLINE_PUBLIC_URL", "http://localhost:" + intake.port());
    notifier = started(NotifierApp.start(NotifierConfig.fromEnv(env)));
    api = new Api("http://localhost:" + intake.port());
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = STARTED.size() - 1; i >= 0; i--) {
      STARTED.get(i).close();
    }
  }

  @Test
  @Order(1)
  void aLoggedRequestIsOfferedByEmailAndSmsAndReadsAcceptedOnceTheResponderAccepts() {
    // Given a hotline counsellor registered by an admin, who then goes AVAILABLE
    String responderId = "e2e-counsellor-" + RUN;
    String email = responderId + "@responders.example.org";
    String admin = api.login("admin", PASSWORD);
    Map<String, Object> profile = Map.of("displayName", "E2E Counsellor", "kind", "HOTLINE_COUNSELLOR",
        "region", REGION, "languages", List.of("en"), "specialties", List.of(), "capacity", 1,
        "contact", Map.of("phone", "+15035550150", "email", email), "channels", List.of("EMAIL", "SMS"),
        "active", true);
    Api.Response put = api.call("PUT", "/api/v1/responders/" + responderId, admin, Api.json(profile));
    assertThat(put.status()).as(put.body()).isLessThan(300);
    String[] responder = new String[1];
    await().atMost(Duration.ofSeconds(30)).until(() -> (responder[0] = api.login(responderId, PASSWORD)) != null);
    Api.Response available = api.call("PUT", "/api/v1/responders/" + responderId + "/status", responder[0],
        "{\"status\":\"AVAILABLE\"}");
    assertThat(available.status()).as(available.body()).isLessThan(300);

    // When staff log a request that this counsellor can serve
    String staff = api.login("staff", PASSWORD);
    Map<String, Object> request = Map.of("channel", "PHONE", "urgency", "HIGH", "need", "CRISIS_COUNSELLING",
        "language", "en", "region", REGION, "ageGroup", "ADULT", "summary", "e2e caller",
        "callerContact", Map.of("phone", "+15035550100", "consentToContact", true));
    Api.Response logged = api.call("POST", "/api/v1/requests", staff, Api.json(request));
    assertThat(logged.status()).as(logged.body()).isEqualTo(202);
    String requestId = logged.json().path("requestId").asText();

    // Then the handoff email reaches the SMTP server, addressed to the counsellor, with the offer id
    OutboxMessage[] handoff = new OutboxMessage[1];
    await().atMost(Duration.ofSeconds(60)).until(() -> (handoff[0] = mail.messages().stream()
        .filter(m -> responderId.equals(m.responderId())).findFirst().orElse(null)) != null);
    String offerId = handoff[0].offerId();
    assertThat(offerId).isNotBlank();
    assertThat(handoff[0].to()).contains(email);
    // No caller PII in the message: only the signed link to the offer
    assertThat(handoff[0].body()).contains("/r/").doesNotContain("e2e caller", "+15035550100");

    // And the SMS reaches the sink for the same offer, and its signed "delivered" callback is recorded
    await().atMost(Duration.ofSeconds(30)).until(() -> sms.smsMessages().stream()
        .anyMatch(m -> offerId.equals(m.offerId()) && "+15035550150".equals(m.to())));
    assertThat(sms.outbox()).extracting(OutboxMessage::channel).contains("EMAIL", "SMS");
    awaitSmsDelivered(offerId);

    // When the counsellor accepts over the API
    Api.Response accepted = api.call("POST", "/api/v1/offers/" + offerId + "/accept", responder[0], null);
    assertThat(accepted.status()).as(accepted.body()).isLessThan(300);

    // Then the request reads ACCEPTED with its timeline: queued, offered to them, accepted by them
    await().atMost(Duration.ofSeconds(30)).until(() ->
        "ACCEPTED".equals(api.call("GET", "/api/v1/requests/" + requestId, staff, null).json().path("status").asText()));
    JsonNode view = api.call("GET", "/api/v1/requests/" + requestId, staff, null).json();
    List<String> statuses = new ArrayList<>();
    view.path("timeline").forEach(step -> statuses.add(step.path("status").asText()));
    assertThat(statuses).containsSubsequence("QUEUED", "OFFERED", "ACCEPTED");
    JsonNode last = view.path("timeline").get(view.path("timeline").size() - 1);
    assertThat(last.path("responderId").asText()).isEqualTo(responderId);
    assertThat(last.path("offerId").asText()).isEqualTo(offerId);
  }

  /** The notifier turned the sink's signed status callback into DeliveryDelivered on `deliveries`. */
  @Test
  @Order(2)
  void everyServiceExportsLintCleanMetricsWithEverySeriesTheAlertsAndDashboardUse() throws Exception {
    // Given the thin path ran (order 1: the label sets of a region, an offer and an acceptance exist)
    // Then each service's /metrics passes promtool check metrics
    Map<String, Integer> ports = Map.of("routing", routing.port(), "intake", intake.port(), "notifier", notifier.port());
    Map<String, String> texts = new HashMap<>();
    for (var e : ports.entrySet()) {
      // HTTP/1.1: the JDK client's h2c upgrade attempt confuses the plain JDK server of routing.
      String text = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + e.getValue() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
      texts.put(e.getKey(), text);
      PrometheusText.promtoolAccepts(e.getKey(), text);
    }
    // And every crisisline_* series of the alert rules and the dashboard is exported by some service
    assertThat(PrometheusText.exported(texts.values())).containsAll(PrometheusText.seriesUsedByAlertsAndDashboard());
    // And intake's HTTP metrics are per route template, not per raw path
    assertThat(texts.get("intake")).contains("vertx_http_server_requests_total{", "route=\"/api/v1/requests/:id\"",
        "vertx_http_server_response_time_seconds_bucket");
  }

  private static void awaitSmsDelivered(String offerId) {
    // Values as bytes: the shared topic may hold other tests' poison records.
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealKafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "e2e-deliveries-" + UUID.randomUUID(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        Topics.DELIVERIES.keySerde().deserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.DELIVERIES.name()));
      List<DeliveryEvent> seen = new CopyOnWriteArrayList<>();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (offerId.equals(r.key())) {
            seen.add(Topics.DELIVERIES.valueSerde().deserializer().deserialize(Topics.DELIVERIES.name(), r.value()));
          }
        });
        return seen.stream().anyMatch(e -> e instanceof DeliveryDelivered d && d.channel() == DeliveryChannel.SMS);
      });
    }
  }

  private static <T extends AutoCloseable> T started(T resource) {
    STARTED.add(resource);
    return resource;
  }

  /** A routing policy file for this test's regions (CRISISLINE_ROUTING_POLICY). */
  private static Path writePolicy(Path dir, String text) {
    try {
      return Files.writeString(dir.resolve("routing-policy.properties"), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

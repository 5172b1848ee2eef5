package org.crisisline.system.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.crisisline.events.CallerKeys;
import org.crisisline.intake.IntakeApp;
import org.crisisline.intake.IntakeConfig;
import org.crisisline.kafkalocal.RealKafka;
import org.crisisline.localstack.MailCatcher;
import org.crisisline.notifier.NotifierApp;
import org.crisisline.notifier.NotifierConfig;
import org.crisisline.notifier.domain.TwilioSignature;
import org.crisisline.records.RecordsConfig;
import org.crisisline.routing.RoutingApp;
import org.crisisline.routing.RoutingConfig;
import org.crisisline.smssink.OutboxMessage;
import org.crisisline.smssink.SmsSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Caring contacts through the three real services on a real broker, as the caller lives them: a
 * Spanish-speaking caller who consented is helped (HIGH, completed), and with a short plan
 * ({@code followup.plan.HIGH=3s,20s}) the first follow-up's caring SMS reaches their phone in
 * Spanish; they text STOP, signed as the provider signs it, get one confirmation, and the second
 * follow-up sends them nothing. Region, phone and ids are unique to this class.
 */
@ExtendWith(RealKafka.class)
class CaringContactsEndToEndTest {
  private static final String PASSWORD = "caring-" + UUID.randomUUID();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String REGION = "caring-" + RUN;
  private static final String SMS_TOKEN = "caring-token-" + RUN;
  /** The second follow-up falls due this long after the request ended: the STOP has until then. */
  private static final int SECOND_DUE_SECONDS = 20;
  private static final List<AutoCloseable> STARTED = new ArrayList<>();
  private static SmsSink sms;
  private static Api api;
  private static NotifierApp notifier;

  @BeforeAll
  static void startTheThreeServices(@TempDir Path dataDir) throws Exception {
    RealKafka.createTopics();
    MailCatcher mail = started(new MailCatcher(0));
    sms = started(new SmsSink(0, "AC-caring", SMS_TOKEN, mail::messages));
    Map<String, String> env = ServicesEnv.of("caring", RUN, dataDir, PASSWORD, REGION);
    Path policy = Files.writeString(dataDir.resolve("routing-policy.properties"), "regions=" + REGION + "\n"
        + "followup.plan.HIGH=3s," + SECOND_DUE_SECONDS + "s\n"); // followup.message defaults to true
    env.put("CRISISLINE_ROUTING_POLICY", policy.toString());
    // One caller key for intake (it records the caller's) and the notifier (it recognises their STOP)
    env.put("CRISISLINE_CALLER_KEY", CallerKeys.generate());
    env.put("SMTP_HOST", "localhost");
    env.put("SMTP_PORT", String.valueOf(mail.port()));
    env.put("SMS_BASE_URL", sms.baseUrl());
    env.put("SMS_ACCOUNT_SID", "AC-caring");
    env.put("SMS_AUTH_TOKEN", SMS_TOKEN);
    started(RoutingApp.start(RoutingConfig.fromEnv(env)));
    // Intake records each caller's key (no contact-record database needed for that)
    IntakeApp intake = started(IntakeApp.start(IntakeConfig.fromEnv(env), RecordsConfig.fromEnv(env)));
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
  void aConsentingSpanishSpeakingCallerHearsFromUsInSpanishAndOneStopEndsIt() throws Exception {
    // Given a counsellor who speaks Spanish, and a Spanish-speaking caller who consented to be contacted
    String counsellor = responder();
    String phone = "+3461" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    String requestId = logCall(phone);
    JsonNode offer = awaitOffer(counsellor, requestId);
    assertThat(api.call("POST", "/api/v1/offers/" + offer.path("offerId").asText() + "/accept", token(counsellor), null)
        .status()).isLessThan(300);
    await().atMost(Duration.ofSeconds(30)).until(() -> "ACCEPTED".equals(status(requestId)));

    // When the counsellor completes the call
    Api.Response completed = api.call("POST", "/api/v1/requests/" + requestId + "/complete", token(counsellor),
        Api.json(Map.of("disposition", "SUPPORTED_DE_ESCALATED")));
    assertThat(completed.status()).as(completed.body()).isEqualTo(202);
    long completedAt = System.nanoTime();

    // Then the first follow-up's caring message reaches the caller's phone, in Spanish, saying how to stop
    await("caring SMS").atMost(Duration.ofSeconds(30)).until(() -> !to(phone).isEmpty());
    OutboxMessage caring = to(phone).get(0);
    assertThat(caring.body()).startsWith("Hola").contains("Responde STOP");
    // ... and nothing about the call or the person
    assertThat(caring.body()).doesNotContain("caring caller", REGION, requestId, "HIGH");

    // When the caller texts STOP from that phone, signed as the provider signs it
    String inbound = "http://localhost:" + notifier.port() + "/api/v1/sms/inbound";
    Map<String, String> stop = Map.of("MessageSid", "SMstop-" + RUN, "From", phone, "Body", "STOP");
    assertThat(postForm(inbound, stop, TwilioSignature.compute(SMS_TOKEN, inbound, lists(stop)))).isEqualTo(200);
    assertThat(postForm(inbound, stop, "bm90LWEtc2lnbmF0dXJl")).isEqualTo(403);

    // Then one confirmation, in Spanish, reaches the phone
    await("confirmation").atMost(Duration.ofSeconds(20)).until(() -> to(phone).size() == 2);
    assertThat(to(phone).get(1).body()).startsWith("No recibir");
    // And the second follow-up, due after the STOP, sends the caller nothing, then or later
    long waitedSeconds = Duration.ofNanos(System.nanoTime() - completedAt).toSeconds();
    Duration untilPastSecond = Duration.ofSeconds(Math.max(1, SECOND_DUE_SECONDS + 10 - waitedSeconds));
    await("no second caring SMS").during(untilPastSecond).atMost(untilPastSecond.plusSeconds(5))
        .until(() -> to(phone).size() == 2);
  }

  // ---- helpers ----

  /** SMS the provider took for {@code phone}, oldest first. */
  private static List<OutboxMessage> to(String phone) {
    List<OutboxMessage> out = new ArrayList<>(sms.smsMessages().stream().filter(m -> phone.equals(m.to())).toList());
    out.sort(java.util.Comparator.comparing(OutboxMessage::sentAt));
    return out;
  }

  private static String status(String requestId) {
    return api.call("GET", "/api/v1/requests/" + requestId, api.login("supervisor", PASSWORD), null).json()
        .path("status").asText();
  }

  /** An available counsellor in the region who speaks Spanish, reached by email; returns its id. */
  private static String responder() {
    String id = "caring-counsellor-" + RUN;
    Map<String, Object> profile = Map.of("displayName", "Caring counsellor", "kind", "HOTLINE_COUNSELLOR",
        "region", REGION, "languages", List.of("es", "en"), "specialties", List.of(), "capacity", 1,
        "contact", Map.of("email", id + "@responders.example.org"), "channels", List.of("EMAIL"), "active", true);
    Api.Response put = api.call("PUT", "/api/v1/responders/" + id, api.login("admin", PASSWORD), Api.json(profile));
    assertThat(put.status()).as(put.body()).isLessThan(300);
    await().atMost(Duration.ofSeconds(30)).until(() -> api.login(id, PASSWORD) != null);
    Api.Response available = api.call("PUT", "/api/v1/responders/" + id + "/status", token(id), "{\"status\":\"AVAILABLE\"}");
    assertThat(available.status()).as(available.body()).isLessThan(300);
    return id;
  }

  private static String token(String id) {
    return api.login(id, PASSWORD);
  }

  /** Staff log a HIGH call in Spanish from this phone, with consent to be contacted; returns the request id. */
  private static String logCall(String phone) {
    Map<String, Object> request = Map.of("channel", "PHONE", "urgency", "HIGH", "need", "CRISIS_COUNSELLING",
        "language", "es", "region", REGION, "ageGroup", "ADULT", "summary", "caring caller",
        "callerContact", Map.of("phone", phone, "consentToContact", true));
    Api.Response logged = api.call("POST", "/api/v1/requests", api.login("staff", PASSWORD), Api.json(request));
    assertThat(logged.status()).as(logged.body()).isEqualTo(202);
    return logged.json().path("requestId").asText();
  }

  private static JsonNode awaitOffer(String responderId, String requestId) {
    JsonNode[] found = new JsonNode[1];
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      for (JsonNode o : api.call("GET", "/api/v1/offers/current", token(responderId), null).json()) {
        if (requestId.equals(o.path("requestId").asText())) {
          found[0] = o;
          return true;
        }
      }
      return false;
    });
    return found[0];
  }

  private static Map<String, List<String>> lists(Map<String, String> params) {
    return params.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
  }

  private static int postForm(String url, Map<String, String> params, String signature) throws Exception {
    String body = params.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static <T extends AutoCloseable> T started(T resource) {
    STARTED.add(resource);
    return resource;
  }
}

package org.crisisline.system.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.crisisline.intake.IntakeApp;
import org.crisisline.intake.IntakeConfig;
import org.crisisline.kafkalocal.RealKafka;
import org.crisisline.localstack.MailCatcher;
import org.crisisline.notifier.NotifierApp;
import org.crisisline.notifier.NotifierConfig;
import org.crisisline.notifier.domain.TwilioSignature;
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
 * Paging through the three real services on a real broker (issue 14's "done means"): with every
 * counsellor offline, an IMMINENT_RISK request pages the on-call person by SMS and email within
 * 10 s; unacknowledged, they are paged again after {@code page.ack.timeout}; an SMS reply
 * {@code ACK <code>}, signed as the SMS provider signs, acknowledges and paging stops; when a
 * counsellor goes AVAILABLE the request is offered to them, and their accept resolves the alert
 * and tells the paged person. Ports 0, ids unique to this class.
 */
@ExtendWith(RealKafka.class)
class PagingEndToEndTest {
  private static final String PASSWORD = "pg-" + UUID.randomUUID();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String REGION = "pg-" + RUN;
  private static final String SCHEDULE = "pg-sched-" + RUN;
  private static final String SUPERVISOR = "pg-sup-" + RUN;
  private static final String SUPERVISOR_PHONE = "+15035550277";
  private static final String SUPERVISOR_EMAIL = SUPERVISOR + "@supervisors.example.org";
  private static final String SMS_TOKEN = "pg-token";
  private static final int ACK_TIMEOUT_SECONDS = 4;
  private static final Pattern ACK_CODE = Pattern.compile("ACK (\\d+)");
  private static final List<AutoCloseable> STARTED = new ArrayList<>();
  private static MailCatcher mail;
  private static SmsSink sms;
  private static Api api;
  private static NotifierApp notifier;
  private static String admin;
  private static String staff;
  private static String supervisor;

  @BeforeAll
  static void startTheThreeServicesWithSomeoneOnCall(@TempDir Path dataDir) throws IOException {
    RealKafka.createTopics();
    mail = started(new MailCatcher(0));
    sms = started(new SmsSink(0, "AC-pg", SMS_TOKEN, mail::messages));
    Map<String, String> env = ServicesEnv.of("pg", RUN, dataDir, PASSWORD, REGION);
    // One step (this test's schedule), four passes in all, a short acknowledgement window: paging
    // would go on for another two passes after the acknowledgement, so its stopping is the ack's doing
    Path policy = Files.writeString(dataDir.resolve("routing-policy.properties"), "regions=" + REGION + "\n"
        + "page.steps=" + SCHEDULE + "\npage.ack.timeout=" + ACK_TIMEOUT_SECONDS + "\npage.repeat=3\n");
    env.put("CRISISLINE_ROUTING_POLICY", policy.toString());
    env.put("SMTP_HOST", "localhost");
    env.put("SMTP_PORT", String.valueOf(mail.port()));
    env.put("SMS_BASE_URL", sms.baseUrl());
    env.put("SMS_ACCOUNT_SID", "AC-pg");
    env.put("SMS_AUTH_TOKEN", SMS_TOKEN);
    started(RoutingApp.start(RoutingConfig.fromEnv(env)));
    IntakeApp intake = started(IntakeApp.start(IntakeConfig.fromEnv(env)));
    env.put("CRISISLINE_PUBLIC_URL", "http://localhost:" + intake.port());
    notifier = started(NotifierApp.start(NotifierConfig.fromEnv(env)));
    api = new Api("http://localhost:" + intake.port());
    admin = api.login("admin", PASSWORD);
    staff = api.login("staff", PASSWORD);
    supervisor = api.login("supervisor", PASSWORD);

    // An admin records the supervisor's work contact and puts them on call, from yesterday on
    Api.Response person = api.call("PUT", "/api/v1/oncall/people/" + SUPERVISOR, admin, Api.json(Map.of(
        "name", "Pat Paging", "phone", SUPERVISOR_PHONE, "email", SUPERVISOR_EMAIL, "channels", List.of("SMS", "EMAIL"))));
    assertThat(person.status()).as(person.body()).isLessThan(300);
    Map<String, Object> rotation = Map.of("participants", List.of(SUPERVISOR), "shiftLength", 1, "handoff", "DAILY",
        "handoffTime", "09:00", "start", Instant.now().minus(Duration.ofDays(1)).toString());
    Api.Response schedule = api.call("PUT", "/api/v1/schedules/" + SCHEDULE, admin, Api.json(Map.of(
        "name", "Paging test", "timeZone", "UTC", "rotation", rotation)));
    assertThat(schedule.status()).as(schedule.body()).isLessThan(300);
    await("on call now").atMost(Duration.ofSeconds(30)).until(() ->
        api.call("GET", "/api/v1/oncall", supervisor, null).body().contains(SUPERVISOR));
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = STARTED.size() - 1; i >= 0; i--) {
      STARTED.get(i).close();
    }
  }

  @Test
  void anImminentRiskRequestNobodyCanTakePagesUntilAcknowledgedAndResolvesWhenACounsellorAccepts() throws Exception {
    // When staff log an imminent-risk request and no counsellor is available
    int smsBefore = pagesTo(SUPERVISOR_PHONE).size();
    Instant logged = Instant.now();
    String requestId = logImminentRisk();

    // Then the on-call supervisor's phone is paged within 10 s, and their email too
    await("paged by SMS").atMost(Duration.ofSeconds(10)).until(() -> pagesTo(SUPERVISOR_PHONE).size() > smsBefore);
    OutboxMessage page = pagesTo(SUPERVISOR_PHONE).get(smsBefore);
    assertThat(Duration.between(logged, page.sentAt())).isLessThan(Duration.ofSeconds(10));
    await("paged by email").atMost(Duration.ofSeconds(10)).until(() -> mail.messages().stream()
        .anyMatch(m -> m.to().contains(SUPERVISOR_EMAIL) && m.sentAt().isAfter(logged.minusSeconds(1))));
    // And the page says what to do but nothing about the caller
    assertThat(page.body()).contains("IMMINENT RISK", REGION, "/a/").doesNotContain("pg caller", "+15035550199");
    Matcher code = ACK_CODE.matcher(page.body());
    assertThat(code.find()).as(page.body()).isTrue();
    JsonNode alert = alertOf(requestId);
    assertThat(alert.path("state").asText()).isEqualTo("OPEN");
    assertThat(alert.path("code").asText()).isEqualTo(code.group(1));

    // When nobody acknowledges within page.ack.timeout, they are paged again
    await("paged again").atMost(Duration.ofSeconds(ACK_TIMEOUT_SECONDS + 10))
        .until(() -> pagesTo(SUPERVISOR_PHONE).size() > smsBefore + 1);

    // When a forged ACK arrives, nothing changes; when the paged phone replies ACK <code>, signed, it is acknowledged
    String inbound = "http://localhost:" + notifier.port() + "/api/v1/sms/inbound";
    Map<String, String> ack = Map.of("MessageSid", "SMack-" + RUN, "From", SUPERVISOR_PHONE, "Body", "ack " + code.group(1));
    assertThat(postForm(inbound, ack, "bm90LWEtc2lnbmF0dXJl")).isEqualTo(403);
    assertThat(postForm(inbound, ack, TwilioSignature.compute(SMS_TOKEN, inbound, lists(ack)))).isEqualTo(200);
    await("acknowledged").atMost(Duration.ofSeconds(15)).until(() -> "ACKNOWLEDGED".equals(alertOf(requestId).path("state").asText()));
    assertThat(alertOf(requestId).path("acknowledgedBy").asText()).isEqualTo(SUPERVISOR);

    // Then paging stops: through a whole acknowledgement window and more, routing decides no further pass
    // (a pass decided just before the acknowledgement may still arrive; nothing after it does)
    int passes = alertOf(requestId).path("attempt").asInt();
    await("no more pages").during(Duration.ofSeconds(ACK_TIMEOUT_SECONDS + 2)).atMost(Duration.ofSeconds(ACK_TIMEOUT_SECONDS + 4))
        .untilAsserted(() -> {
          JsonNode now = alertOf(requestId);
          assertThat(now.path("state").asText()).as("state").isEqualTo("ACKNOWLEDGED");
          assertThat(now.path("attempt").asInt()).as("passes decided, alert %s", now).isEqualTo(passes);
          assertThat(pageIdsTo(SUPERVISOR_PHONE, smsBefore)).as("pages at the phone: %s", pagesTo(SUPERVISOR_PHONE).stream()
              .map(m -> m.sentAt() + " " + m.offerId() + " " + m.body().replace('\n', ' ')).toList()).isLessThanOrEqualTo(passes);
        });
    assertThat(passes).as("acknowledged before the last of four passes").isLessThan(4);

    // When a counsellor goes AVAILABLE, the request is offered to them, and they accept
    String counsellor = "pg-counsellor-" + RUN;
    Api.Response put = api.call("PUT", "/api/v1/responders/" + counsellor, admin, Api.json(Map.of(
        "displayName", "Paging Counsellor", "kind", "HOTLINE_COUNSELLOR", "region", REGION, "languages", List.of("en"),
        "specialties", List.of(), "capacity", 1, "contact", Map.of("phone", "+15035550278",
            "email", counsellor + "@responders.example.org"), "channels", List.of("EMAIL"), "active", true)));
    assertThat(put.status()).as(put.body()).isLessThan(300);
    String[] token = new String[1];
    await().atMost(Duration.ofSeconds(30)).until(() -> (token[0] = api.login(counsellor, PASSWORD)) != null);
    api.call("PUT", "/api/v1/responders/" + counsellor + "/status", token[0], "{\"status\":\"AVAILABLE\"}");
    String[] offerId = new String[1];
    await("offered").atMost(Duration.ofSeconds(30)).until(() -> (offerId[0] = mail.messages().stream()
        .filter(m -> counsellor.equals(m.responderId())).map(OutboxMessage::offerId).findFirst().orElse(null)) != null);
    Api.Response accepted = api.call("POST", "/api/v1/offers/" + offerId[0] + "/accept", token[0], null);
    assertThat(accepted.status()).as(accepted.body()).isLessThan(300);

    // Then the alert resolves, and the paged supervisor is told so nobody drives in for nothing
    await("resolved").atMost(Duration.ofSeconds(15)).until(() -> "RESOLVED".equals(alertOf(requestId).path("state").asText()));
    // (the all-clear waits its turn in the person's rate limit, 6 a minute, behind the pages before it)
    await("told resolved").atMost(Duration.ofSeconds(30)).until(() -> sms.smsMessages().stream()
        .anyMatch(m -> SUPERVISOR_PHONE.equals(m.to()) && m.body().contains("alert " + code.group(1) + " resolved")));
    assertThat(alertOf(requestId).path("pages").size()).isGreaterThanOrEqualTo(2);
  }

  private static String logImminentRisk() {
    Map<String, Object> request = Map.of("channel", "PHONE", "urgency", "IMMINENT_RISK", "need", "CRISIS_COUNSELLING",
        "language", "en", "region", REGION, "ageGroup", "ADULT", "summary", "pg caller",
        "callerContact", Map.of("phone", "+15035550199", "consentToContact", true));
    Api.Response logged = api.call("POST", "/api/v1/requests", staff, Api.json(request));
    assertThat(logged.status()).as(logged.body()).isEqualTo(202);
    return logged.json().path("requestId").asText();
  }

  /**
   * The SMS the sink caught for this phone about this test's region, oldest first. Only those: this
   * test's routing also reads the requests earlier test classes left on the shared broker, and pages
   * this test's on-call person for theirs too, as its policy says.
   */
  private static List<OutboxMessage> pagesTo(String phone) {
    List<OutboxMessage> out = new ArrayList<>(sms.smsMessages().stream()
        .filter(m -> phone.equals(m.to()) && m.body().contains(REGION)).toList());
    out.sort(java.util.Comparator.comparing(OutboxMessage::sentAt));
    return out;
  }

  /** How many different pages (by page id) the phone received after the first {@code skip} SMS. */
  private static long pageIdsTo(String phone, int skip) {
    return pagesTo(phone).stream().skip(skip).map(OutboxMessage::offerId).distinct().count();
  }

  private static JsonNode alertOf(String requestId) {
    Api.Response r = api.call("GET", "/api/v1/alerts?state=all", supervisor, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    for (JsonNode a : r.json()) {
      if (requestId.equals(a.path("requestId").asText())) {
        return a;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static Map<String, List<String>> lists(Map<String, String> params) {
    return params.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
  }

  private static int postForm(String url, Map<String, String> params, String signature) throws Exception {
    String body = new TreeMap<>(params).entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      b.header("X-Twilio-Signature", signature);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static <T extends AutoCloseable> T started(T resource) {
    STARTED.add(resource);
    return resource;
  }
}

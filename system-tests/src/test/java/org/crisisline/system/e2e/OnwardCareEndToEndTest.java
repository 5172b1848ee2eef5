package org.crisisline.system.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crisisline.intake.IntakeApp;
import org.crisisline.intake.IntakeConfig;
import org.crisisline.kafkalocal.RealKafka;
import org.crisisline.localstack.MailCatcher;
import org.crisisline.notifier.NotifierApp;
import org.crisisline.notifier.NotifierConfig;
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
 * Onward care through the three real services on a real broker: a counsellor who accepted a
 * call hands the person on to peer support, and the linked request is routed to a peer
 * specialist with the caller's contact carried over; a referral handed to a local service is
 * declined through the service's signed link and goes to the next service; a service accepts
 * through its link and later records that it connected with the person. Region and ids are
 * unique to this class; services are open at any hour so the day's time does not matter.
 */
@ExtendWith(RealKafka.class)
class OnwardCareEndToEndTest {
  private static final String PASSWORD = "onward-" + UUID.randomUUID();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String REGION = "onward-" + RUN;
  private static final Pattern SERVICE_LINK = Pattern.compile("http://localhost:\\d+(/s/[A-Za-z0-9_.~-]+)");
  private static final List<AutoCloseable> STARTED = new ArrayList<>();
  private static MailCatcher mail;
  private static Api api;

  @BeforeAll
  static void startTheThreeServices(@TempDir Path dataDir) {
    RealKafka.createTopics();
    mail = started(new MailCatcher(0));
    SmsSink sms = started(new SmsSink(0, "AC-onward", "onward-token", mail::messages));
    Map<String, String> env = ServicesEnv.of("onward", RUN, dataDir, PASSWORD, REGION);
    env.put("CRISISLINE_ROUTING_POLICY", writePolicy(dataDir, "regions=" + REGION + "\n").toString());
    env.put("SMTP_HOST", "localhost");
    env.put("SMTP_PORT", String.valueOf(mail.port()));
    env.put("SMS_BASE_URL", sms.baseUrl());
    env.put("SMS_ACCOUNT_SID", "AC-onward");
    env.put("SMS_AUTH_TOKEN", "onward-token");
    started(RoutingApp.start(RoutingConfig.fromEnv(env)));
    IntakeApp intake = started(IntakeApp.start(IntakeConfig.fromEnv(env)));
    env.put("CRISISLINE_PUBLIC_URL", "http://localhost:" + intake.port());
    started(NotifierApp.start(NotifierConfig.fromEnv(env)));
    api = new Api("http://localhost:" + intake.port());
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = STARTED.size() - 1; i >= 0; i--) {
      STARTED.get(i).close();
    }
  }

  @Test
  void aResponderHandsAPersonOnToPeerSupportAndAPeerSpecialistIsOfferedThem() {
    // Given a counsellor who accepted a call, and a peer specialist available in the region
    String counsellor = responder("counsellor", "HOTLINE_COUNSELLOR");
    String peer = responder("peer", "PEER_SPECIALIST");
    String parent = acceptedCall(counsellor, "+15035550161");

    // When the counsellor hands the person on to peer support, with a note for the peer
    String note = "ONWARD-" + RUN + " would like to talk to someone who has been there";
    Api.Response handed = api.call("POST", "/api/v1/requests/" + parent + "/handoff", token(counsellor),
        Api.json(Map.of("need", "PEER_SUPPORT", "note", note)));
    assertThat(handed.status()).as(handed.body()).isEqualTo(202);
    String child = handed.json().path("requestId").asText();

    // Then routing offers the linked request to the peer specialist
    JsonNode offer = awaitOffer(peer, child);
    assertThat(offer.path("need").asText()).isEqualTo("PEER_SUPPORT");
    // And the parent's timeline says where the person went, the child's where it came from, no note in either
    String staff = api.login("staff", PASSWORD);
    String parentView = api.call("GET", "/api/v1/requests/" + parent, staff, null).body();
    String childView = api.call("GET", "/api/v1/requests/" + child, staff, null).body();
    assertThat(parentView).contains("handed on to " + child + " (PEER_SUPPORT)");
    assertThat(childView).contains("handed on from " + parent);
    assertThat(parentView + childView).doesNotContain("ONWARD-", "+15035550161");
    // And once the peer accepts, they read the caller's contact, carried over, and the counsellor's note
    assertThat(api.call("POST", "/api/v1/offers/" + offer.path("offerId").asText() + "/accept", token(peer), null)
        .status()).isLessThan(300);
    JsonNode[] details = new JsonNode[1];
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      Api.Response r = api.call("GET", "/api/v1/requests/" + child + "/details", token(peer), null);
      return r.status() == 200 && (details[0] = r.json()) != null;
    });
    assertThat(details[0].path("callerContact").path("phone").asText()).isEqualTo("+15035550161");
    assertThat(details[0].path("summary").asText()).isEqualTo(note);
  }

  @Test
  void aServiceDeclinesByLinkAndTheNextServiceGetsTheHandoff() {
    // Given two support groups open at any hour, and a counsellor who hands a caller on to a support group
    String first = service("group-a", "SUPPORT_GROUP");
    String second = service("group-b", "SUPPORT_GROUP");
    String counsellor = responder("counsellor-b", "HOTLINE_COUNSELLOR");
    String parent = acceptedCall(counsellor, "+15035550162");
    Api.Response handed = api.call("POST", "/api/v1/requests/" + parent + "/handoff", token(counsellor),
        Api.json(Map.of("need", "REFERRAL", "referralKind", "SUPPORT_GROUP")));
    assertThat(handed.status()).as(handed.body()).isEqualTo(202);
    String child = handed.json().path("requestId").asText();

    // When the service that got the referral declines it through its link, for lack of capacity
    OutboxMessage referral = awaitReferralEmail(List.of(first, second), null);
    String link = linkIn(referral);
    assertThat(api.call("GET", link, null, null).body()).contains("Support group").doesNotContain("+15035550162");
    Api.Response declined = api.form(link + "/decline", "reason=NO_CAPACITY");
    assertThat(declined.status()).as(declined.body()).isEqualTo(200);
    assertThat(api.form(link + "/decline", "reason=NO_CAPACITY").status()).isEqualTo(409);

    // Then the other service gets the handoff, never the first one again
    String other = referral.responderId().equals(first) ? second : first;
    OutboxMessage next = awaitReferralEmail(List.of(other), referral.offerId());
    assertThat(next.body()).contains("/s/").doesNotContain("+15035550162");
    assertThat(mail.messages().stream().filter(m -> referral.responderId().equals(m.responderId())
        && m.body().contains("/s/")).count()).isEqualTo(1);
    String timeline = api.call("GET", "/api/v1/requests/" + child, api.login("supervisor", PASSWORD), null).body();
    assertThat(timeline).contains(other);
  }

  @Test
  void theAcceptingServiceRecordsThatItConnectedWithThePerson() {
    // Given an online community open at any hour, referred a caller by a counsellor's hand-on
    String community = service("online", "ONLINE_COMMUNITY");
    String counsellor = responder("counsellor-c", "HOTLINE_COUNSELLOR");
    String parent = acceptedCall(counsellor, "+15035550163");
    Api.Response handed = api.call("POST", "/api/v1/requests/" + parent + "/handoff", token(counsellor),
        Api.json(Map.of("need", "REFERRAL", "referralKind", "ONLINE_COMMUNITY")));
    assertThat(handed.status()).as(handed.body()).isEqualTo(202);
    String child = handed.json().path("requestId").asText();
    String link = linkIn(awaitReferralEmail(List.of(community), null));

    // When the service accepts through its link, and later records that it connected with the person
    Api.Response accepted = api.form(link + "/accept", null);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    String supervisor = api.login("supervisor", PASSWORD);
    // Routing confirms the accept before the contact shows
    await().atMost(Duration.ofSeconds(30)).until(() -> "REFERRAL_ACCEPTED".equals(
        api.call("GET", "/api/v1/requests/" + child, supervisor, null).json().path("status").asText()));
    Api.Response contact = api.form(link + "/contact", null);
    assertThat(contact.status()).isEqualTo(200);
    assertThat(contact.body()).contains("+15035550163");
    Api.Response outcome = api.form(link + "/outcome", "outcome=CONNECTED");
    assertThat(outcome.status()).as(outcome.body()).isEqualTo(200);

    // Then the request stays REFERRAL_ACCEPTED and its timeline records the outcome
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      JsonNode view = api.call("GET", "/api/v1/requests/" + child, supervisor, null).json();
      List<String> kinds = new ArrayList<>();
      view.path("timeline").forEach(t -> kinds.add(t.path("kind").asText()));
      return "REFERRAL_ACCEPTED".equals(view.path("status").asText()) && kinds.contains("REFERRAL_OUTCOME");
    });
    // And supervisors count it accepted and connected
    JsonNode board = api.call("GET", "/api/v1/referrals/board", supervisor, null).json();
    assertThat(board.path("connected").asInt()).isGreaterThanOrEqualTo(1);
  }

  // ---- helpers ----

  /** Registers an available responder of this kind in the region; returns its id. */
  private static String responder(String name, String kind) {
    String id = "onward-" + name + "-" + RUN;
    Map<String, Object> profile = Map.of("displayName", "Onward " + name, "kind", kind, "region", REGION,
        "languages", List.of("en"), "specialties", List.of(), "capacity", 1,
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

  /** Staff log a call from this phone; the counsellor accepts its offer; returns the request id once ACCEPTED. */
  private static String acceptedCall(String counsellor, String phone) {
    Map<String, Object> request = Map.of("channel", "PHONE", "urgency", "HIGH", "need", "CRISIS_COUNSELLING",
        "language", "en", "region", REGION, "ageGroup", "ADULT", "summary", "onward caller",
        "callerContact", Map.of("phone", phone, "consentToContact", true));
    Api.Response logged = api.call("POST", "/api/v1/requests", api.login("staff", PASSWORD), Api.json(request));
    assertThat(logged.status()).as(logged.body()).isEqualTo(202);
    String requestId = logged.json().path("requestId").asText();
    JsonNode offer = awaitOffer(counsellor, requestId);
    assertThat(api.call("POST", "/api/v1/offers/" + offer.path("offerId").asText() + "/accept", token(counsellor), null)
        .status()).isLessThan(300);
    await().atMost(Duration.ofSeconds(30)).until(() -> "ACCEPTED".equals(api.call("GET", "/api/v1/requests/" + requestId,
        api.login("supervisor", PASSWORD), null).json().path("status").asText()));
    return requestId;
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

  /** Registers a service of one kind in the region, open every day round the clock, with room; returns its id. */
  private static String service(String name, String kind) {
    String id = "onward-" + name + "-" + RUN;
    List<Map<String, Object>> always = new ArrayList<>();
    for (DayOfWeek d : DayOfWeek.values()) {
      always.add(Map.of("day", d.name(), "opens", "00:00", "closes", "23:59:59"));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("organization", "Onward Trust");
    body.put("name", "Onward " + name);
    body.put("description", "Open at any hour");
    body.put("kinds", List.of(kind));
    body.put("status", "ACTIVE");
    body.put("serviceArea", Map.of("regions", List.of(REGION)));
    body.put("languages", List.of("en"));
    body.put("schedule", always);
    body.put("timeZone", "UTC");
    body.put("capacity", Map.of("available", 5, "maximum", 10));
    body.put("intakeContact", Map.of("email", id + "@services.example.org"));
    Api.Response put = api.call("PUT", "/api/v1/directory/" + id, api.login("admin", PASSWORD), Api.json(body));
    assertThat(put.status()).as(put.body()).isLessThan(300);
    return id;
  }

  /** The first referral email to one of these services, other than for {@code notOfferId}. */
  private static OutboxMessage awaitReferralEmail(List<String> services, String notOfferId) {
    OutboxMessage[] found = new OutboxMessage[1];
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      Optional<OutboxMessage> m = mail.messages().stream()
          .filter(x -> services.contains(x.responderId()) && x.body().contains("/s/")
              && (notOfferId == null || !notOfferId.equals(x.offerId())))
          .findFirst();
      m.ifPresent(x -> found[0] = x);
      return m.isPresent();
    });
    return found[0];
  }

  /** The path of the signed service link in a referral email. */
  private static String linkIn(OutboxMessage email) {
    Matcher m = SERVICE_LINK.matcher(email.body());
    assertThat(m.find()).as("a /s/ link in " + email.body()).isTrue();
    return m.group(1);
  }

  private static <T extends AutoCloseable> T started(T resource) {
    STARTED.add(resource);
    return resource;
  }

  private static Path writePolicy(Path dir, String text) {
    try {
      return Files.writeString(dir.resolve("routing-policy.properties"), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

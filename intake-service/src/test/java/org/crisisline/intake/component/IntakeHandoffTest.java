package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crisisline.intake.component.IntakeFixture.call;
import static org.crisisline.intake.component.IntakeFixture.login;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.DataKeys;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Hand on: the accepting responder logs a linked request for peer support or a referral. The child
 * carries the caller over (contact re-sealed for the child, note sealed as its summary), both
 * timelines say it with ids and codes only, a retry with the same key logs one child, and only
 * the accepting responder of an ACCEPTED request may do it.
 */
@ExtendWith(RealKafka.class)
class IntakeHandoffTest {
  private static final DataKeys CIPHER = DataKeysOnTopic.opener(IntakeFixture.KEYRING);
  private static String responderId;
  private static String responder;

  @BeforeAll
  static void start() {
    IntakeFixture.app();
    responderId = IntakeFixture.newResponderId();
    responder = IntakeFixture.responder(login("admin"), responderId);
  }

  private static String acceptedRequest(String phone) {
    var logged = call("POST", "/api/v1/requests", login("staff"), IntakeFixture.request("handoff test", phone,
        "h@example.org"), "Idempotency-Key", UUID.randomUUID().toString());
    String requestId = logged.json().get("requestId").asText();
    status(requestId, RequestStatus.ACCEPTED);
    await().atMost(Duration.ofSeconds(10)).until(() ->
        call("GET", "/api/v1/requests/" + requestId + "/details", responder, null).status() == 200);
    return requestId;
  }

  private static void status(String requestId, RequestStatus s) {
    try (var routing = new TestProducer()) {
      routing.send(Topics.REQUEST_STATUS, requestId, IntakeThinPathTest.status(requestId, s, Ids.newId(), responderId));
    }
  }

  private static IntakeFixture.Reply handOn(String requestId, String token, String body, String key) {
    return call("POST", "/api/v1/requests/" + requestId + "/handoff", token, body, "Idempotency-Key", key);
  }

  @Test
  void handingOnLogsALinkedRequestThatCarriesTheCallerOverAndBothTimelinesSayIt() {
    // Given a request the responder accepted, every log line captured
    String phone = "+1503555" + (1000 + ThreadLocalRandom.current().nextInt(8999));
    String parent = acceptedRequest(phone);
    String note = "HANDON-" + UUID.randomUUID() + " she wants a group near the river";
    LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.setContext(logs);
    captured.start();
    Logger root = logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger ours = logs.getLogger("org.crisisline");
    Level before = ours.getLevel();
    root.addAppender(captured);
    ours.setLevel(Level.TRACE);
    String key = UUID.randomUUID().toString();
    String body = "{\"need\": \"PEER_SUPPORT\", \"note\": \"" + note + "\"}";
    IntakeFixture.Reply first;
    IntakeFixture.Reply again;
    try {
      // When they hand the person on to peer support, and the click is retried with the same key
      first = handOn(parent, responder, body, key);
      again = handOn(parent, responder, body, key);
    } finally {
      root.detachAppender(captured);
      ours.setLevel(before);
    }
    // Then one child is logged, named by both answers
    assertThat(first.status()).as(first.body()).isEqualTo(202);
    String child = first.json().get("requestId").asText();
    assertThat(first.json().get("parentRequestId").asText()).isEqualTo(parent);
    assertThat(again.status()).isEqualTo(202);
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.json().get("requestId").asText()).isEqualTo(child);
    // And the topic holds it, linked, with the caller carried over and every free text sealed for the child
    try (var topic = new TestConsumer<>(Topics.HELP_REQUESTS)) {
      var records = topic.readToEnd().stream()
          .filter(r -> child.equals(new String(r.key(), StandardCharsets.UTF_8))).toList();
      assertThat(records).hasSize(1);
      String raw = new String(records.get(0).value(), StandardCharsets.UTF_8);
      assertThat(raw).doesNotContain("HANDON-", "river", phone.substring(1));
      HelpRequestLogged c = (HelpRequestLogged) topic.decode(records.get(0));
      assertThat(c.parentRequestId()).isEqualTo(parent);
      assertThat(c.need()).isEqualTo(Need.PEER_SUPPORT);
      assertThat(c.urgency()).isEqualTo(Urgency.HIGH);
      assertThat(c.region()).isEqualTo("north");
      assertThat(c.language()).isEqualTo("en");
      assertThat(c.postalCode()).isEqualTo("97201");
      assertThat(c.ageGroup()).isEqualTo(AgeGroup.ADULT);
      assertThat(c.specialties()).containsExactly("VETERANS");
      assertThat(c.consentToContact()).isTrue();
      assertThat(c.loggedBy()).isEqualTo(responderId);
      assertThat(CIPHER.open("summary", child, c.summary())).isEqualTo(note);
      assertThat(CIPHER.open("callerContact", child, c.callerContact())).contains(phone);
    }
    // And the parent's timeline says "handed on to <child> (need)", the child's "handed on from <parent>"
    String supervisor = login("supervisor");
    var parentView = call("GET", "/api/v1/requests/" + parent, supervisor, null);
    assertThat(parentView.body()).contains("handed on to " + child + " (PEER_SUPPORT)");
    assertThat(parentView.json().path("handedOnTo").get(0).path("requestId").asText()).isEqualTo(child);
    var childView = call("GET", "/api/v1/requests/" + child, supervisor, null);
    assertThat(childView.body()).contains("handed on from " + parent);
    assertThat(childView.json().path("parentRequestId").asText()).isEqualTo(parent);
    // And neither timeline nor any log line carries the note or the phone
    assertThat(parentView.body() + childView.body()).doesNotContain("HANDON-", "river", phone.substring(1));
    List<String> lines = captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(lines).isNotEmpty().noneMatch(l -> l.contains("HANDON-") || l.contains("river")
        || l.contains(phone.substring(1)));
  }

  @Test
  void aReferralHandOnNamesItsKindAndServiceAndMayRaiseTheUrgency() {
    String parent = acceptedRequest("+15035550177");
    var r = handOn(parent, responder, """
        {"need": "REFERRAL", "referralKind": "SUPPORT_GROUP", "serviceId": "svc-river-group", "urgency": "MODERATE"}""",
        UUID.randomUUID().toString());
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    String child = r.json().get("requestId").asText();
    try (var topic = new TestConsumer<>(Topics.HELP_REQUESTS)) {
      HelpRequestLogged c = (HelpRequestLogged) topic.awaitValue(
          v -> v instanceof HelpRequestLogged l && child.equals(l.requestId()));
      assertThat(c.referralKind()).isEqualTo(ReferralKind.SUPPORT_GROUP);
      assertThat(c.serviceId()).isEqualTo("svc-river-group");
      assertThat(c.urgency()).isEqualTo(Urgency.MODERATE);
      assertThat(c.summary()).isNull();
    }
    assertThat(call("GET", "/api/v1/requests/" + parent, login("staff"), null).body())
        .contains("handed on to " + child + " (REFERRAL, SUPPORT_GROUP)");
  }

  @Test
  void onlyTheAcceptingResponderMayHandOnAndOnlyWhileTheRequestIsAccepted() {
    String parent = acceptedRequest("+15035550178");
    String body = "{\"need\": \"PEER_SUPPORT\"}";
    // Another responder, and staff, are refused
    String other = IntakeFixture.responder(login("admin"), IntakeFixture.newResponderId());
    assertThat(handOn(parent, other, body, UUID.randomUUID().toString()).status()).isEqualTo(403);
    assertThat(handOn(parent, login("staff"), body, UUID.randomUUID().toString()).status()).isEqualTo(403);
    assertThat(handOn(UUID.randomUUID().toString(), responder, body, UUID.randomUUID().toString()).status())
        .isEqualTo(404);
    // Once the request is completed, the accepting responder is refused too (409)
    status(parent, RequestStatus.COMPLETED);
    await().atMost(Duration.ofSeconds(10)).until(() ->
        handOn(parent, responder, body, UUID.randomUUID().toString()).status() == 409);
    var refused = handOn(parent, responder, body, UUID.randomUUID().toString());
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.body()).contains("COMPLETED");
  }

  @Test
  void badBodiesAreRefusedNamingTheField() {
    String parent = acceptedRequest("+15035550179");
    String key = UUID.randomUUID().toString();
    assertThat(handOn(parent, responder, "{}", key).body()).contains("need");
    var counselling = handOn(parent, responder, "{\"need\": \"CRISIS_COUNSELLING\"}", key);
    assertThat(counselling.status()).isEqualTo(400);
    assertThat(counselling.body()).contains("need");
    var kindless = handOn(parent, responder, "{\"need\": \"REFERRAL\"}", key);
    assertThat(kindless.status()).isEqualTo(400);
    assertThat(kindless.body()).contains("referralKind");
    var namedPeer = handOn(parent, responder, "{\"need\": \"PEER_SUPPORT\", \"serviceId\": \"svc-1\"}", key);
    assertThat(namedPeer.status()).isEqualTo(400);
    assertThat(namedPeer.body()).contains("serviceId");
    var unknown = handOn(parent, responder, "{\"need\": \"PEER_SUPPORT\", \"phone\": \"+15035550100\"}", key);
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body()).contains("phone").doesNotContain("+15035550100");
    var keyless = call("POST", "/api/v1/requests/" + parent + "/handoff", responder, "{\"need\": \"PEER_SUPPORT\"}");
    assertThat(keyless.status()).isEqualTo(400);
    assertThat(keyless.body()).contains("Idempotency-Key");
    // None of these logged a child
    assertThat(call("GET", "/api/v1/requests/" + parent, login("supervisor"), null).json().path("handedOnTo").size())
        .isZero();
  }
}

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
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.crisisline.events.AuditEvent;
import org.crisisline.events.Channel;
import org.crisisline.events.ConsentWithdrawn;
import org.crisisline.events.FollowUpCancelReason;
import org.crisisline.events.FollowUpCancelRequested;
import org.crisisline.events.FollowUpCancelled;
import org.crisisline.events.FollowUpDone;
import org.crisisline.events.FollowUpDue;
import org.crisisline.events.FollowUpOrigin;
import org.crisisline.events.FollowUpOutcome;
import org.crisisline.events.FollowUpOutcomeRecorded;
import org.crisisline.events.FollowUpRequested;
import org.crisisline.events.FollowUpScheduled;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.PiiCipher;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.kafkalocal.RealKafka;
import org.crisisline.intake.http.FollowUpRoutes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Caring contacts through intake on the real broker: adding a follow-up (who may, when, with
 * consent), listing and cancelling, a due follow-up served as a request whose caller contact only
 * the peer who accepted it sees, its outcome, the day's counts, and a caller's STOP fanned out to
 * every request of theirs. Routing's and the notifier's records are written to the topics directly.
 */
@ExtendWith(RealKafka.class)
class IntakeFollowUpsTest {
  private static final PiiCipher CIPHER = PiiCipher.fromKeyring(IntakeFixture.KEYRING);
  private static String responderId;
  private static String responder;

  @BeforeAll
  static void start() {
    IntakeFixture.app();
    responderId = IntakeFixture.newResponderId();
    responder = IntakeFixture.responder(login("admin"), responderId);
  }

  private static String phone() {
    return "+1503555" + (1000 + ThreadLocalRandom.current().nextInt(8999));
  }

  /** A request staff logged (consent as given) that {@code acceptedBy} accepted. */
  private static String acceptedRequest(boolean consent, String acceptedBy) {
    String body = IntakeFixture.request("follow-up test", phone(), "f@example.org")
        .replace("\"consentToContact\": true", "\"consentToContact\": " + consent);
    var logged = call("POST", "/api/v1/requests", login("staff"), body, "Idempotency-Key", UUID.randomUUID().toString());
    assertThat(logged.status()).as(logged.body()).isEqualTo(202);
    String requestId = logged.json().get("requestId").asText();
    status(requestId, RequestStatus.ACCEPTED, acceptedBy);
    await().atMost(Duration.ofSeconds(10)).until(() ->
        call("GET", "/api/v1/requests/" + requestId, login("supervisor"), null).json().path("status").asText()
            .equals("ACCEPTED"));
    return requestId;
  }

  private static void status(String requestId, RequestStatus s, String by) {
    try (var routing = new TestProducer()) {
      routing.send(Topics.REQUEST_STATUS, requestId, new RequestStatusChanged(Ids.newId(), Instant.now(), requestId, s,
          "test routing", Ids.newId(), by, null, "north", Urgency.MODERATE, Need.PEER_SUPPORT, StatusKind.TRANSITION,
          null, "0123456789ab"));
    }
  }

  private static <V> void routing(org.crisisline.events.Topic<String, V> topic, String key, V value) {
    try (var p = new TestProducer()) {
      p.send(topic, key, value);
    }
  }

  private static IntakeFixture.Reply add(String requestId, String token, String body, String key) {
    return call("POST", "/api/v1/requests/" + requestId + "/followups", token, body, "Idempotency-Key", key);
  }

  private static String inADay() {
    return Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  @Test
  void addingAFollowUpChecksTheTimeWhoAsksAndConsentThenWritesItWithTheNoteSealed() {
    String requestId = acceptedRequest(true, responderId);
    String note = "FUNOTE-" + UUID.randomUUID() + " ask about the new job";
    // A time in the past or more than a year ahead is refused naming dueAt
    var past = add(requestId, responder, "{\"dueAt\": \"2020-01-01T00:00:00Z\"}", UUID.randomUUID().toString());
    assertThat(past.status()).isEqualTo(400);
    assertThat(past.json().path("errors").get(0).path("field").asText()).isEqualTo("dueAt");
    var far = add(requestId, responder, "{\"dueAt\": \"" + Instant.now().plus(Duration.ofDays(400)) + "\"}",
        UUID.randomUUID().toString());
    assertThat(far.status()).isEqualTo(400);
    assertThat(far.body()).contains("dueAt");
    assertThat(call("POST", "/api/v1/requests/" + requestId + "/followups", responder,
        "{\"dueAt\": \"" + inADay() + "\"}").body()).contains("Idempotency-Key");
    // Another responder may not; a request without consent gets 409 saying why
    String other = IntakeFixture.responder(login("admin"), IntakeFixture.newResponderId());
    assertThat(add(requestId, other, "{\"dueAt\": \"" + inADay() + "\"}", UUID.randomUUID().toString()).status())
        .isEqualTo(403);
    String noConsent = acceptedRequest(false, responderId);
    var refused = add(noConsent, responder, "{\"dueAt\": \"" + inADay() + "\"}", UUID.randomUUID().toString());
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body()).contains("did not consent");
    // The accepting responder may, and a retry with the same key names the same follow-up
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
    String body = "{\"dueAt\": \"" + inADay() + "\", \"note\": \"" + note + "\"}";
    IntakeFixture.Reply first;
    IntakeFixture.Reply again;
    try {
      first = add(requestId, responder, body, key);
      again = add(requestId, responder, body, key);
    } finally {
      root.detachAppender(captured);
      ours.setLevel(before);
    }
    assertThat(first.status()).as(first.body()).isEqualTo(202);
    String followUpId = first.json().get("followUpId").asText();
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.json().get("followUpId").asText()).isEqualTo(followUpId);
    // Staff may add one too
    assertThat(add(requestId, login("staff"), "{\"dueAt\": \"" + inADay() + "\"}", UUID.randomUUID().toString())
        .status()).isEqualTo(202);
    // On offer-answers: the follow-up, its note sealed for it, in no clear text anywhere
    try (var topic = new TestConsumer<>(Topics.OFFER_ANSWERS)) {
      var records = topic.readToEnd().stream()
          .filter(r -> requestId.equals(new String(r.key(), StandardCharsets.UTF_8))).toList();
      assertThat(records).noneMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains("FUNOTE-"));
      FollowUpRequested written = records.stream().map(topic::decode).filter(v -> v instanceof FollowUpRequested)
          .map(v -> (FollowUpRequested) v).filter(v -> v.followUpId().equals(followUpId)).findFirst().orElseThrow();
      assertThat(written.responderId()).isEqualTo(responderId);
      assertThat(DataKeysOnTopic.opener(IntakeFixture.KEYRING).open(FollowUpRoutes.noteField(followUpId), requestId,
          written.note())).isEqualTo(note);
    }
    List<String> lines = captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(lines).noneMatch(l -> l.contains("FUNOTE-") || l.contains("new job"));
  }

  @Test
  void theListShowsStatesAndNotesOnlyToWhoMayReadThemAndACancelGoesToRouting() {
    String requestId = acceptedRequest(true, responderId);
    String followUpId = UUID.randomUUID().toString();
    String note = "LISTNOTE-" + UUID.randomUUID();
    // Given routing scheduled a follow-up a person added
    routing(Topics.FOLLOW_UPS, requestId, new FollowUpScheduled(Ids.newId(), Instant.now(), requestId, followUpId, 1, 1,
        Instant.now().plus(Duration.ofDays(2)), "north", "en", FollowUpOrigin.ADDED,
        CIPHER.seal(FollowUpRoutes.noteField(followUpId), requestId, note), "staff"));
    await().atMost(Duration.ofSeconds(10)).until(() ->
        call("GET", "/api/v1/requests/" + requestId + "/followups", responder, null).json().path("followUps").size() == 1);
    // The accepting responder sees it with its note; staff without
    JsonNode mine = call("GET", "/api/v1/requests/" + requestId + "/followups", responder, null).json();
    assertThat(mine.path("followUps").get(0).path("state").asText()).isEqualTo("SCHEDULED");
    assertThat(mine.path("followUps").get(0).path("note").asText()).isEqualTo(note);
    assertThat(mine.path("consentToContact").asBoolean()).isTrue();
    var staffList = call("GET", "/api/v1/requests/" + requestId + "/followups", login("staff"), null);
    assertThat(staffList.body()).doesNotContain("LISTNOTE-");
    String other = IntakeFixture.responder(login("admin"), IntakeFixture.newResponderId());
    assertThat(call("GET", "/api/v1/requests/" + requestId + "/followups", other, null).status()).isEqualTo(403);
    // Cancelling an unknown one is 404; this one writes FollowUpCancelRequested
    assertThat(call("DELETE", "/api/v1/requests/" + requestId + "/followups/" + UUID.randomUUID(), responder, null)
        .status()).isEqualTo(404);
    var cancel = call("DELETE", "/api/v1/requests/" + requestId + "/followups/" + followUpId, responder, null);
    assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
    try (var topic = new TestConsumer<>(Topics.OFFER_ANSWERS)) {
      FollowUpCancelRequested c = (FollowUpCancelRequested) topic.awaitValue(v -> v instanceof FollowUpCancelRequested x
          && followUpId.equals(x.followUpId()));
      assertThat(c.reason()).isEqualTo(FollowUpCancelReason.CANCELLED);
      assertThat(c.requestId()).isEqualTo(requestId);
    }
    // Once routing cancelled it, the list says so and a second cancel is 409
    routing(Topics.FOLLOW_UPS, requestId, new FollowUpCancelled(Ids.newId(), Instant.now(), requestId, followUpId,
        FollowUpCancelReason.CANCELLED, responderId));
    await().atMost(Duration.ofSeconds(10)).until(() -> call("GET", "/api/v1/requests/" + requestId + "/followups",
        responder, null).json().path("followUps").get(0).path("state").asText().equals("CANCELLED"));
    assertThat(call("DELETE", "/api/v1/requests/" + requestId + "/followups/" + followUpId, responder, null).status())
        .isEqualTo(409);
  }

  @Test
  void aDueFollowUpIsARequestWhoseContactOnlyTheAcceptingPeerSeesAndWhoseOutcomeTheyRecord() {
    // Given a follow-up of a request, due now, in a region of its own
    String region = "fu-" + UUID.randomUUID().toString().substring(0, 8);
    String followed = UUID.randomUUID().toString();
    String followUpId = UUID.randomUUID().toString();
    String phone = phone();
    Instant dueAt = Instant.now().minus(Duration.ofMinutes(1));
    dueAt = dueAt.isBefore(Instant.now().truncatedTo(ChronoUnit.DAYS)) ? Instant.now() : dueAt;
    routing(Topics.FOLLOW_UPS, followed, new FollowUpScheduled(Ids.newId(), Instant.now(), followed, followUpId, 1, 1,
        dueAt, region, "es", FollowUpOrigin.PLAN, null, null));
    routing(Topics.FOLLOW_UPS, followed, new FollowUpDue(Ids.newId(), Instant.now(), followed, followUpId, 1, 1, region,
        "es", CIPHER.seal("callerContact", followed, "{\"phone\":\"" + phone + "\",\"consentToContact\":true}"), true));
    String supervisor = login("supervisor");
    await().atMost(Duration.ofSeconds(10)).until(() ->
        call("GET", "/api/v1/requests/" + followUpId, supervisor, null).status() == 200);
    JsonNode request = call("GET", "/api/v1/requests/" + followUpId, supervisor, null).json();
    assertThat(request.path("need").asText()).isEqualTo("PEER_SUPPORT");
    assertThat(request.path("parentRequestId").asText()).isEqualTo(followed);
    // And the counts: due today and overdue in its region
    await().atMost(Duration.ofSeconds(10)).until(() -> counts(supervisor, region) != null);
    assertThat(counts(supervisor, region).path("dueToday").asInt()).isEqualTo(1);
    assertThat(counts(supervisor, region).path("overdue").asInt()).isEqualTo(1);
    // When the peer accepts it
    String peerId = IntakeFixture.newResponderId();
    String peer = IntakeFixture.responder(login("admin"), peerId);
    status(followUpId, RequestStatus.ACCEPTED, peerId);
    await().atMost(Duration.ofSeconds(10)).until(() ->
        call("GET", "/api/v1/requests/" + followUpId + "/details", peer, null).status() == 200);
    // Then the peer sees the caller's contact; a supervisor reads the follow-up without it
    JsonNode details = call("GET", "/api/v1/requests/" + followUpId + "/details", peer, null).json();
    assertThat(details.path("callerContact").path("phone").asText()).isEqualTo(phone);
    assertThat(details.path("followUpOf").asText()).isEqualTo(followed);
    var bySupervisor = call("GET", "/api/v1/requests/" + followUpId + "/details", supervisor, null);
    assertThat(bySupervisor.status()).isEqualTo(200);
    assertThat(bySupervisor.body()).doesNotContain(phone.substring(1));
    assertThat(call("GET", "/api/v1/requests/" + followUpId + "/details", responder, null).status()).isEqualTo(403);
    // And it is on the peer's list for today, theirs to record
    JsonNode today = call("GET", "/api/v1/followups/today", peer, null).json().path("followUps");
    assertThat(today).hasSize(1);
    assertThat(today.get(0).path("followUpId").asText()).isEqualTo(followUpId);
    assertThat(today.get(0).path("acceptedByMe").asBoolean()).isTrue();
    assertThat(call("GET", "/api/v1/followups/today", responder, null).body()).doesNotContain(followUpId);
    // Only the peer records the outcome, one of the four codes
    String outcomePath = "/api/v1/requests/" + followUpId + "/followup-outcome";
    assertThat(call("POST", outcomePath, responder, "{\"outcome\": \"REACHED\"}").status()).isEqualTo(403);
    var bad = call("POST", outcomePath, peer, "{\"outcome\": \"MAYBE\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("outcome");
    var notAFollowUp = call("POST", "/api/v1/requests/" + acceptedRequest(true, peerId) + "/followup-outcome", peer,
        "{\"outcome\": \"REACHED\"}");
    assertThat(notAFollowUp.status()).isEqualTo(404);
    var wrapUp = call("POST", "/api/v1/requests/" + followUpId + "/complete", peer, "{\"disposition\": \"OTHER\"}");
    assertThat(wrapUp.status()).isEqualTo(409);
    assertThat(wrapUp.body()).contains("followup-outcome");
    var recorded = call("POST", outcomePath, peer, "{\"outcome\": \"NO_ANSWER\"}");
    assertThat(recorded.status()).as(recorded.body()).isEqualTo(202);
    try (var topic = new TestConsumer<>(Topics.OFFER_ANSWERS)) {
      FollowUpOutcomeRecorded o = (FollowUpOutcomeRecorded) topic.awaitValue(v -> v instanceof FollowUpOutcomeRecorded x
          && followUpId.equals(x.requestId()));
      assertThat(o.outcome()).isEqualTo(FollowUpOutcome.NO_ANSWER);
      assertThat(o.responderId()).isEqualTo(peerId);
    }
    // When routing says it is done, the counts move from overdue to done
    routing(Topics.FOLLOW_UPS, followed, new FollowUpDone(Ids.newId(), Instant.now(), followed, followUpId, 1, 1,
        FollowUpOutcome.NO_ANSWER, peerId, null));
    await().atMost(Duration.ofSeconds(10)).until(() -> counts(supervisor, region).path("doneToday").asInt() == 1);
    assertThat(counts(supervisor, region).path("overdue").asInt()).isZero();
    // A responder does not read the counts
    assertThat(call("GET", "/api/v1/followups/counts", peer, null).status()).isEqualTo(403);
  }

  private static JsonNode counts(String token, String region) {
    for (JsonNode r : call("GET", "/api/v1/followups/counts", token, null).json().path("regions")) {
      if (r.path("region").asText().equals(region)) {
        return r;
      }
    }
    return null;
  }

  private static HelpRequestLogged logged(String requestId, String callerKey) {
    return new HelpRequestLogged(Ids.newId(), Instant.now(), requestId, Channel.PHONE, Urgency.HIGH,
        Need.CRISIS_COUNSELLING, null, "en", "north", null, null, List.of(), null, null, true, "staff", callerKey, null);
  }

  @Test
  void aCallersStopCancelsTheFollowUpsOfEachOfTheirRequestsOnceAndIsAudited() {
    // Given three requests of one caller (by caller key): one open, one completed with a follow-up to come,
    // one cancelled with none; and another caller's request
    String callerKey = "ck-" + UUID.randomUUID();
    String open = UUID.randomUUID().toString();
    String completed = UUID.randomUUID().toString();
    String cancelled = UUID.randomUUID().toString();
    String stranger = UUID.randomUUID().toString();
    routing(Topics.HELP_REQUESTS, open, logged(open, callerKey));
    routing(Topics.HELP_REQUESTS, completed, logged(completed, callerKey));
    routing(Topics.HELP_REQUESTS, cancelled, logged(cancelled, callerKey));
    routing(Topics.HELP_REQUESTS, stranger, logged(stranger, "ck-" + UUID.randomUUID()));
    status(completed, RequestStatus.COMPLETED, responderId);
    status(cancelled, RequestStatus.CANCELLED, null);
    routing(Topics.FOLLOW_UPS, completed, new FollowUpScheduled(Ids.newId(), Instant.now(), completed,
        UUID.randomUUID().toString(), 1, 1, Instant.now().plus(Duration.ofDays(1)), "north", "en", FollowUpOrigin.PLAN,
        null, null));
    String staff = login("staff");
    await().atMost(Duration.ofSeconds(10)).until(() ->
        call("GET", "/api/v1/requests/" + completed + "/followups", staff, null).json().path("followUps").size() == 1
            && call("GET", "/api/v1/requests/" + cancelled, staff, null).json().path("status").asText().equals("CANCELLED"));
    // When the caller texts STOP (the notifier writes the withdrawal), and an unknown number does too
    ConsentWithdrawn stop = new ConsentWithdrawn(Ids.newId(), Instant.now(), callerKey, "SMS");
    ConsentWithdrawn unknown = new ConsentWithdrawn(Ids.newId(), Instant.now(), "ck-" + UUID.randomUUID(), "SMS");
    routing(Topics.CONSENT_WITHDRAWALS, callerKey, stop);
    routing(Topics.CONSENT_WITHDRAWALS, unknown.callerKey(), unknown);
    // Then each of the two requests with follow-ups now or to come gets one cancel-all, for consent withdrawn
    try (var audit = new TestConsumer<>(Topics.AUDIT)) {
      AuditEvent a = audit.awaitValue(e -> e != null && stop.eventId().equals(e.resourceId()));
      assertThat(a.count()).isEqualTo(2);
      AuditEvent none = audit.awaitValue(e -> e != null && unknown.eventId().equals(e.resourceId()));
      assertThat(none.count()).isEqualTo(0);
      assertThat(none.action()).isEqualTo(a.action());
      assertThat(none.outcome()).isEqualTo(a.outcome());
    }
    try (var topic = new TestConsumer<>(Topics.OFFER_ANSWERS)) {
      List<FollowUpCancelRequested> cancels = topic.values().stream()
          .filter(v -> v instanceof FollowUpCancelRequested c && c.reason() == FollowUpCancelReason.CONSENT_WITHDRAWN
              && List.of(open, completed, cancelled, stranger).contains(c.requestId()))
          .map(v -> (FollowUpCancelRequested) v).toList();
      assertThat(cancels).extracting(FollowUpCancelRequested::requestId).containsExactlyInAnyOrder(open, completed);
      assertThat(cancels).allSatisfy(c -> {
        assertThat(c.followUpId()).isNull();
        assertThat(c.responderId()).isNull();
      });
    }
    // And a follow-up can no longer be added to the caller's requests
    var refused = add(completed, staff, "{\"dueAt\": \"" + inADay() + "\"}", UUID.randomUUID().toString());
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body()).contains("withdrew consent");
    // And a restart (the withdrawal replayed) writes nothing more
    long before;
    try (var topic = new TestConsumer<>(Topics.OFFER_ANSWERS)) {
      before = topic.endOffsetSum();
    }
    IntakeFixture.restart();
    try (var audit = new TestConsumer<>(Topics.AUDIT)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> IntakeFixture.call("GET", "/api/v1/requests/" + completed
          + "/followups", login("staff"), null).json().path("consentWithdrawn").asBoolean());
      assertThat(audit.values().stream().filter(e -> e != null && stop.eventId().equals(e.resourceId())))
          .hasSize(1);
    }
    try (var topic = new TestConsumer<>(Topics.OFFER_ANSWERS)) {
      assertThat(topic.values().stream().filter(v -> v instanceof FollowUpCancelRequested c
          && List.of(open, completed).contains(c.requestId()))).hasSize(2);
    }
    assertThat(before).isPositive();
  }
}

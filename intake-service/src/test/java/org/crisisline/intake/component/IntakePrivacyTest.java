package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.crisisline.intake.component.IntakeFixture.call;
import static org.crisisline.intake.component.IntakeFixture.login;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.AuditEvent;
import org.crisisline.events.CancelReason;
import org.crisisline.events.DeclineReason;
import org.crisisline.events.Disposition;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.OfferDeclined;
import org.crisisline.events.OfferMade;
import org.crisisline.events.DataKeys;
import org.crisisline.events.PiiCipher;
import org.crisisline.events.RequestCancelled;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * PII stays private: captured log output of a whole flow (log, offer, accept, details, complete,
 * plus rejected bodies carrying PII in bad fields) never shows the caller's phone, email or notes;
 * on {@code help-requests} they are ciphertext that only the intake keyring opens; reads of the
 * details and of the audit trail are audited, and details are withheld when the audit write fails.
 */
@ExtendWith(RealKafka.class)
class IntakePrivacyTest {

  @BeforeAll
  static void start() {
    IntakeFixture.app();
  }

  @Test
  void noPhoneEmailOrNoteTextAppearsInAnyLogLineOfAFullFlow() {
    // Given every logger captured, ours at TRACE
    LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.setContext(logs);
    captured.start();
    Logger root = logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger ours = logs.getLogger("org.crisisline");
    Level oursBefore = ours.getLevel();
    root.addAppender(captured);
    ours.setLevel(Level.TRACE);
    String phone = "+1503555" + (1000 + ThreadLocalRandom.current().nextInt(8999));
    String email = "caller." + UUID.randomUUID().toString().substring(0, 6) + "@example.org";
    String note = "NOTE-" + UUID.randomUUID() + " says she has pills";
    try {
      // When a full flow runs, including bodies refused for bad fields that hold PII
      fullFlow(phone, email, note);
    } finally {
      root.detachAppender(captured);
      ours.setLevel(oursBefore);
    }
    // Then no captured line mentions any of it
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent e : captured.list) {
      lines.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())));
    }
    assertThat(lines).isNotEmpty();
    String digits = phone.substring(1);
    assertThat(lines).noneMatch(l -> l.contains(digits) || l.contains(email) || l.contains(note) || l.contains("pills"));
  }

  private static void fullFlow(String phone, String email, String note) {
    String admin = login("admin");
    String responderId = IntakeFixture.newResponderId();
    String responder = IntakeFixture.responder(admin, responderId);
    String staff = login("staff");
    String body = IntakeFixture.request(note, phone, email);
    call("POST", "/api/v1/requests", staff, body.replace("\"north\"", "\"" + phone + "\""),
        "Idempotency-Key", UUID.randomUUID().toString());
    call("POST", "/api/v1/requests", staff, body.replace("\"PHONE\"", "\"" + email + "\""),
        "Idempotency-Key", UUID.randomUUID().toString());
    call("POST", "/api/v1/requests", staff, body.replace("\"ADULT\"", "\"" + note + "\""),
        "Idempotency-Key", UUID.randomUUID().toString());
    call("POST", "/api/v1/requests", staff, "{\"summary\":\"" + note + "\"", "Idempotency-Key", UUID.randomUUID().toString());
    var logged = call("POST", "/api/v1/requests", staff, body, "Idempotency-Key", UUID.randomUUID().toString());
    String requestId = logged.json().get("requestId").asText();
    String offerId = Ids.newId();
    try (var routing = new TestProducer()) {
      Instant now = Instant.now();
      routing.send(Topics.OFFERS, requestId, new OfferMade(Ids.newId(), now, requestId, offerId, "QWE234", responderId,
          null, 1, now.plusSeconds(60), Urgency.HIGH, Need.CRISIS_COUNSELLING, null, "en", "north"));
      await().atMost(Duration.ofSeconds(10)).until(() ->
          call("GET", "/api/v1/offers/current", responder, null).json().size() == 1);
      call("POST", "/api/v1/offers/" + offerId + "/accept", responder, null);
      routing.send(Topics.REQUEST_STATUS, requestId,
          IntakeThinPathTest.status(requestId, RequestStatus.ACCEPTED, offerId, responderId));
    }
    await().atMost(Duration.ofSeconds(10)).until(() ->
        call("GET", "/api/v1/requests/" + requestId + "/details", responder, null).status() == 200);
    call("GET", "/api/v1/requests/" + requestId + "/details", login("supervisor"), null);
    // The structured wrap-up, its note refused once for a bad screen item (the refusal must not echo it), then stored
    call("POST", "/api/v1/requests/" + requestId + "/complete", responder,
        "{\"riskScreen\":{\"intent\":\"" + note + "\"},\"note\":\"" + note + "\"}");
    call("POST", "/api/v1/requests/" + requestId + "/complete", responder,
        "{\"disposition\":\"SAFETY_PLAN_MADE\",\"safetyPlan\":true,\"riskScreen\":{\"suicidalThoughts\":true},"
            + "\"note\":\"" + note + "\"}");
    // A caller-history look-up by that phone, a malformed one, and a report with the phone as a region
    String staffToken = login("staff");
    call("GET", "/api/v1/callers/history?phone=" + phone.replace("+", "%2B"), staffToken, null);
    call("GET", "/api/v1/callers/history?phone=" + phone.substring(1) + "x", staffToken, null);
    call("GET", "/api/v1/reports/kpis?region=" + phone.substring(1), login("supervisor"), null);
  }

  @Test
  void sealedFieldsAreUnreadableOnTheTopicAndOpenOnlyWithTheKeyring() {
    // Given a logged request with PII
    String phone = "+1503555" + (1000 + ThreadLocalRandom.current().nextInt(8999));
    String note = "NOTE-" + UUID.randomUUID();
    var logged = call("POST", "/api/v1/requests", login("staff"), IntakeFixture.request(note, phone, "pii@example.org"),
        "Idempotency-Key", UUID.randomUUID().toString());
    String requestId = logged.json().get("requestId").asText();
    // When its record is read raw from help-requests
    try (var topic = new TestConsumer<>(Topics.HELP_REQUESTS)) {
      var record = topic.readToEnd().stream()
          .filter(r -> requestId.equals(new String(r.key(), StandardCharsets.UTF_8))).findFirst().orElseThrow();
      String raw = new String(record.value(), StandardCharsets.UTF_8);
      // Then the bytes hold neither the phone, the email nor the notes, but the key id
      assertThat(raw).doesNotContain(phone.substring(1)).doesNotContain("pii@example.org").doesNotContain(note);
      assertThat(raw).contains("\"keyId\":\"" + DataKeys.SCHEME + "\"");
      // And only the intake keyring opens them, through the request's data key
      HelpRequestLogged event = (HelpRequestLogged) topic.decode(record);
      DataKeys keys = DataKeysOnTopic.opener(IntakeFixture.KEYRING);
      assertThat(keys.open("summary", requestId, event.summary())).isEqualTo(note);
      assertThat(keys.open("callerContact", requestId, event.callerContact())).contains(phone);
      DataKeys stranger = DataKeysOnTopic.opener(PiiCipher.generateKeyring("test-key"));
      assertThatThrownBy(() -> stranger.open("summary", requestId, event.summary())).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void readsOfARequestAreAuditedWithoutItsContent() {
    String staff = login("staff");
    var logged = call("POST", "/api/v1/requests", staff, IntakeFixture.request("audit me", "+15035550100", "a@example.org"),
        "Idempotency-Key", UUID.randomUUID().toString());
    String requestId = logged.json().get("requestId").asText();
    call("GET", "/api/v1/requests/" + requestId, staff, null);
    assertThat(call("GET", "/api/v1/requests/" + requestId + "/details", login("supervisor"), null).status()).isEqualTo(200);
    try (var audit = new TestConsumer<>(Topics.AUDIT)) {
      AuditEvent read = audit.awaitValue(a -> requestId.equals(a.resourceId()) && a.action().equals("request.read"));
      assertThat(read.actor()).isEqualTo("staff");
      assertThat(read.sourceAddress()).isNotBlank();
      assertThat(audit.awaitValue(a -> requestId.equals(a.resourceId()) && a.action().equals("request.details.read")).actor())
          .isEqualTo("supervisor");
      assertThat(audit.awaitValue(a -> requestId.equals(a.resourceId()) && a.action().equals("request.create"))).isNotNull();
    }
    // And supervisors can read the trail, staff cannot
    assertThat(call("GET", "/api/v1/audit?resourceId=" + requestId, staff, null).status()).isEqualTo(403);
    String supervisor = login("supervisor");
    await().atMost(Duration.ofSeconds(10)).until(() ->
        call("GET", "/api/v1/audit?resourceId=" + requestId, supervisor, null).json().size() >= 3);
  }

  @Test
  void callerDetailsCloseToTheRespondersOnceTheRequestIsNoLongerTheirsAndTheGraceHasPassed() {
    // Given two requests a responder accepted
    String admin = login("admin");
    String responderId = IntakeFixture.newResponderId();
    String responder = IntakeFixture.responder(admin, responderId);
    String staff = login("staff");
    String recent = logRequestAs(staff);
    String longAgo = logRequestAs(staff);
    try (var routing = new TestProducer()) {
      Instant now = Instant.now();
      for (String id : new String[] {recent, longAgo}) {
        routing.send(Topics.REQUEST_STATUS, id, at(id, RequestStatus.ACCEPTED, responderId, now.minus(Duration.ofHours(3))));
      }
      await().atMost(Duration.ofSeconds(10)).until(() ->
          call("GET", "/api/v1/requests/" + longAgo + "/details", responder, null).status() == 200);
      // When one was completed a minute ago and the other two hours ago (the grace is one hour)
      routing.send(Topics.REQUEST_STATUS, recent, at(recent, RequestStatus.COMPLETED, responderId, now.minusSeconds(60)));
      routing.send(Topics.REQUEST_STATUS, longAgo, at(longAgo, RequestStatus.COMPLETED, responderId,
          now.minus(Duration.ofHours(2))));
    }
    // Then the details of the old one are closed to the responder (and the refusal is audited)
    await().atMost(Duration.ofSeconds(10)).until(() ->
        call("GET", "/api/v1/requests/" + longAgo + "/details", responder, null).status() == 403);
    // While the recent one stays readable within the grace, and supervisors still read both
    assertThat(call("GET", "/api/v1/requests/" + recent + "/details", responder, null).status()).isEqualTo(200);
    assertThat(call("GET", "/api/v1/requests/" + longAgo + "/details", login("supervisor"), null).status())
        .isEqualTo(200);
  }

  private static String logRequestAs(String staff) {
    return call("POST", "/api/v1/requests", staff, IntakeFixture.request("grace test", "+15035550123", "c@example.org"),
        "Idempotency-Key", UUID.randomUUID().toString()).json().get("requestId").asText();
  }

  private static org.crisisline.events.RequestStatusChanged at(String requestId, RequestStatus s, String responderId,
      Instant when) {
    return new org.crisisline.events.RequestStatusChanged(Ids.newId(), when, requestId, s, "test routing", null,
        responderId, null, "north", Urgency.HIGH, Need.CRISIS_COUNSELLING, org.crisisline.events.StatusKind.TRANSITION, null, null);
  }

  @Test
  void readingTheAuditTrailIsItselfAudited() {
    // Given a request with a trail
    String requestId = logRequest("NOTE-" + UUID.randomUUID());
    // When a supervisor reads its trail
    assertThat(call("GET", "/api/v1/audit?resourceId=" + requestId, login("supervisor"), null).status()).isEqualTo(200);
    // Then that read is on the trail too
    try (var audit = new TestConsumer<>(Topics.AUDIT)) {
      AuditEvent read = audit.awaitValue(a -> requestId.equals(a.resourceId()) && a.action().equals("audit.read"));
      assertThat(read.actor()).isEqualTo("supervisor");
      assertThat(read.outcome()).isEqualTo("ok");
    }
  }

  @Test
  void detailsAreNotShownWhenTheAuditWriteFails() throws Exception {
    // Given a request whose details a supervisor can read
    String note = "NOTE-" + UUID.randomUUID();
    String requestId = logRequest(note);
    String supervisor = login("supervisor");
    String details = "/api/v1/requests/" + requestId + "/details";
    assertThat(call("GET", details, supervisor, null).status()).isEqualTo(200);
    LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.setContext(logs);
    captured.start();
    Logger root = logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(captured);
    try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealKafka.bootstrapServers()))) {
      // And an audit topic that refuses every record (none fits its size limit)
      ConfigResource auditTopic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.AUDIT.name());
      alter(admin, auditTopic, new AlterConfigOp(new ConfigEntry("max.message.bytes", "16"), AlterConfigOp.OpType.SET));
      try {
        // When the supervisor reads the details, they get 503 and not the summary
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
          var reply = call("GET", details, supervisor, null);
          assertThat(reply.status()).isEqualTo(503);
          assertThat(reply.body()).doesNotContain(note).doesNotContain("+1503");
        });
        // And the log says the audit write failed, naming no content
        assertThat(captured.list).anyMatch(e -> e.getFormattedMessage().contains("the audit write failed")
            && e.getFormattedMessage().contains(requestId) && !e.getFormattedMessage().contains(note));
      } finally {
        alter(admin, auditTopic, new AlterConfigOp(new ConfigEntry("max.message.bytes", ""), AlterConfigOp.OpType.DELETE));
        root.detachAppender(captured);
      }
    }
    // Then once the trail takes records again, so does the read
    await().atMost(Duration.ofSeconds(20)).until(() -> call("GET", details, supervisor, null).status() == 200);
  }

  @Test
  void completionOutcomeAndCancelReasonTextNeverReachKafkaInClear() {
    // Given a request accepted by a responder, and another one logged
    String admin = login("admin");
    String responderId = IntakeFixture.newResponderId();
    String responder = IntakeFixture.responder(admin, responderId);
    String requestId = logRequest("NOTE-" + UUID.randomUUID());
    String other = logRequest("NOTE-" + UUID.randomUUID());
    try (var routing = new TestProducer()) {
      routing.send(Topics.REQUEST_STATUS, requestId,
          IntakeThinPathTest.status(requestId, RequestStatus.ACCEPTED, Ids.newId(), responderId));
    }
    await().atMost(Duration.ofSeconds(10)).until(() ->
        call("GET", "/api/v1/requests/" + requestId + "/details", responder, null).status() == 200);
    // When an old client completes with free text, and staff cancel with free text
    String outcome = "OUTCOME-" + UUID.randomUUID() + " talked her down";
    String reason = "REASON-" + UUID.randomUUID() + " caller is my cousin";
    assertThat(call("POST", "/api/v1/requests/" + requestId + "/complete", responder,
        "{\"outcome\":\"" + outcome + "\"}").status()).isEqualTo(202);
    assertThat(call("POST", "/api/v1/requests/" + other + "/cancel", login("staff"),
        "{\"reason\":\"" + reason + "\"}").status()).isEqualTo(202);
    // Then the records carry the code OTHER and the words only sealed, bound to their request
    DataKeys cipher = DataKeysOnTopic.opener(IntakeFixture.KEYRING);
    try (var answers = new TestConsumer<>(Topics.OFFER_ANSWERS)) {
      var record = answers.readToEnd().stream()
          .filter(r -> requestId.equals(new String(r.key(), StandardCharsets.UTF_8))).findFirst().orElseThrow();
      assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain("OUTCOME-").doesNotContain("talked");
      RequestCompleted done = (RequestCompleted) answers.decode(record);
      assertThat(done.disposition()).isEqualTo(Disposition.OTHER);
      assertThat(cipher.open(RequestCompleted.NOTE_FIELD, requestId, done.note())).isEqualTo(outcome);
    }
    try (var requests = new TestConsumer<>(Topics.HELP_REQUESTS)) {
      var raw = requests.readToEnd().stream()
          .filter(r -> other.equals(new String(r.key(), StandardCharsets.UTF_8)))
          .filter(r -> requests.decode(r) instanceof RequestCancelled).findFirst().orElseThrow();
      assertThat(new String(raw.value(), StandardCharsets.UTF_8)).doesNotContain("REASON-").doesNotContain("cousin");
      RequestCancelled cancelled = (RequestCancelled) requests.decode(raw);
      assertThat(cancelled.reasonCode()).isEqualTo(CancelReason.OTHER);
      assertThat(cipher.open(RequestCancelled.NOTE_FIELD, other, cancelled.note())).isEqualTo(reason);
    }
  }

  @Test
  void closingNotesOpenOnlyInDetailsAndStaffSeeThemNowhere() {
    // Given a request accepted by a responder, whose offer another responder declined with a note
    String admin = login("admin");
    String responderId = IntakeFixture.newResponderId();
    String responder = IntakeFixture.responder(admin, responderId);
    String staff = login("staff");
    String supervisor = login("supervisor");
    String completed = logRequest("NOTE-" + UUID.randomUUID());
    String cancelled = logRequest("NOTE-" + UUID.randomUUID());
    String declineNote = "DECLINE-" + UUID.randomUUID() + " she is my neighbour";
    String completionNote = "COMPLETION-" + UUID.randomUUID() + " talked about the bridge";
    String cancelNote = "CANCEL-" + UUID.randomUUID() + " same caller as before";
    PiiCipher cipher = PiiCipher.fromKeyring(IntakeFixture.KEYRING);
    try (var producer = new TestProducer()) {
      producer.send(Topics.OFFER_ANSWERS, completed, new OfferDeclined(Ids.newId(), Instant.now(), completed,
          Ids.newId(), "someone-else", DeclineReason.CONFLICT_OF_INTEREST,
          cipher.seal(OfferDeclined.NOTE_FIELD, completed, declineNote), AnswerVia.API));
      producer.send(Topics.REQUEST_STATUS, completed,
          IntakeThinPathTest.status(completed, RequestStatus.ACCEPTED, Ids.newId(), responderId));
    }
    await().atMost(Duration.ofSeconds(10)).until(() ->
        call("GET", "/api/v1/requests/" + completed + "/details", responder, null).status() == 200);
    // When the responder completes with a code and a note, and staff cancel the other with a code and a note
    assertThat(call("POST", "/api/v1/requests/" + completed + "/complete", responder,
        "{\"disposition\":\"SAFETY_PLAN_MADE\",\"note\":\"" + completionNote + "\"}").status()).isEqualTo(202);
    assertThat(call("POST", "/api/v1/requests/" + cancelled + "/cancel", staff,
        "{\"reason\":\"DUPLICATE\",\"note\":\"" + cancelNote + "\"}").status()).isEqualTo(202);
    // Then the supervisor's details carry every note, opened, with its code
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      var details = call("GET", "/api/v1/requests/" + completed + "/details", supervisor, null);
      assertThat(details.status()).isEqualTo(200);
      assertThat(details.json().path("notes").toString())
          .contains("\"kind\":\"DECLINE\"", "CONFLICT_OF_INTEREST", declineNote)
          .contains("\"kind\":\"COMPLETION\"", "SAFETY_PLAN_MADE", completionNote);
    });
    var cancelDetails = call("GET", "/api/v1/requests/" + cancelled + "/details", supervisor, null);
    assertThat(cancelDetails.json().path("notes").toString())
        .contains("\"kind\":\"CANCEL\"", "DUPLICATE", cancelNote);
    // And the accepting responder sees their completion note but not another responder's reason to decline
    var own = call("GET", "/api/v1/requests/" + completed + "/details", responder, null);
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json().path("notes").toString()).contains(completionNote).doesNotContain(declineNote, "DECLINE-");
    // And staff see no word of any note: not in the request, its timeline, their list, nor details (refused)
    for (String id : List.of(completed, cancelled)) {
      var view = call("GET", "/api/v1/requests/" + id, staff, null);
      assertThat(view.status()).isEqualTo(200);
      assertThat(view.json().toString()).doesNotContain("DECLINE-", "COMPLETION-", "CANCEL-", "neighbour", "bridge");
      assertThat(call("GET", "/api/v1/requests/" + id + "/details", staff, null).status()).isEqualTo(403);
    }
    var list = call("GET", "/api/v1/requests?mine=today", staff, null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().toString()).contains(completed, cancelled).doesNotContain("DECLINE-", "COMPLETION-", "CANCEL-", "neighbour", "bridge");
  }

  private static void alter(Admin admin, ConfigResource topic, AlterConfigOp op) throws Exception {
    admin.incrementalAlterConfigs(Map.of(topic, List.of(op))).all().get(10, TimeUnit.SECONDS);
  }

  private static String logRequest(String note) {
    var logged = call("POST", "/api/v1/requests", login("staff"), IntakeFixture.request(note, "+15035550100", "a@example.org"),
        "Idempotency-Key", UUID.randomUUID().toString());
    assertThat(logged.status()).isEqualTo(202);
    return logged.json().get("requestId").asText();
  }
}

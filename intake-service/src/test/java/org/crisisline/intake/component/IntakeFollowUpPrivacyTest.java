package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.crisisline.events.FollowUpDue;
import org.crisisline.events.FollowUpOrigin;
import org.crisisline.events.FollowUpScheduled;
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
 * Caring contacts keep the caller's words and number sealed: a follow-up's note (also when a body
 * holding it is refused) and the caller's contact a peer specialist reads appear in no log line and
 * in clear on no topic intake writes (offer-answers, audit).
 */
@ExtendWith(RealKafka.class)
class IntakeFollowUpPrivacyTest {
  private static final PiiCipher CIPHER = PiiCipher.fromKeyring(IntakeFixture.KEYRING);

  @BeforeAll
  static void start() {
    IntakeFixture.app();
  }

  @Test
  void noFollowUpNoteOrCallerContactAppearsInAnyLogLineOrInClearOnTheTopics() {
    // Given every logger captured, ours at TRACE
    LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.setContext(logs);
    captured.start();
    Logger root = logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger ours = logs.getLogger("org.crisisline");
    Level before = ours.getLevel();
    root.addAppender(captured);
    ours.setLevel(Level.TRACE);
    String phone = "+1503555" + (1000 + ThreadLocalRandom.current().nextInt(8999));
    String email = "fu." + UUID.randomUUID().toString().substring(0, 6) + "@example.org";
    String note = "FUPII-" + UUID.randomUUID() + " her brother's number is at the shelter";
    String requestId;
    try {
      // When a follow-up is added (once refused with the note where the time goes), listed, falls due,
      // is accepted, its contact read by the peer and its outcome recorded
      requestId = flow(phone, email, note);
    } finally {
      root.detachAppender(captured);
      ours.setLevel(before);
    }
    // Then no log line holds the note, the phone or the email
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent e : captured.list) {
      lines.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())));
    }
    assertThat(lines).isNotEmpty();
    String digits = phone.substring(1);
    assertThat(lines).noneMatch(l -> l.contains("FUPII-") || l.contains("shelter") || l.contains(digits)
        || l.contains(email));
    // And no record intake wrote for it holds them in clear
    for (var topic : List.of(Topics.OFFER_ANSWERS, Topics.AUDIT)) {
      try (var c = new TestConsumer<>(topic)) {
        assertThat(c.readToEnd()).noneMatch(r -> {
          String raw = r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
          return raw.contains("FUPII-") || raw.contains("shelter") || raw.contains(digits) || raw.contains(email);
        });
      }
    }
    assertThat(requestId).isNotNull();
  }

  private static String flow(String phone, String email, String note) {
    String admin = login("admin");
    String responderId = IntakeFixture.newResponderId();
    String responder = IntakeFixture.responder(admin, responderId);
    var logged = call("POST", "/api/v1/requests", login("staff"), IntakeFixture.request("fu privacy", phone, email),
        "Idempotency-Key", UUID.randomUUID().toString());
    String requestId = logged.json().get("requestId").asText();
    status(requestId, RequestStatus.ACCEPTED, responderId);
    await().atMost(Duration.ofSeconds(10)).until(() ->
        call("GET", "/api/v1/requests/" + requestId + "/details", responder, null).status() == 200);
    String path = "/api/v1/requests/" + requestId + "/followups";
    assertThat(call("POST", path, responder, "{\"dueAt\": \"" + note + "\"}", "Idempotency-Key",
        UUID.randomUUID().toString()).body()).doesNotContain("FUPII-");
    assertThat(call("POST", path, responder, "{\"dueAt\": \"" + Instant.now().plus(Duration.ofDays(2)) + "\", \"note\": \""
        + note + "\"}", "Idempotency-Key", UUID.randomUUID().toString()).status()).isEqualTo(202);
    String followUpId = UUID.randomUUID().toString();
    try (var routing = new TestProducer()) {
      routing.send(Topics.FOLLOW_UPS, requestId, new FollowUpScheduled(Ids.newId(), Instant.now(), requestId,
          followUpId, 1, 1, Instant.now(), "north", "en", FollowUpOrigin.ADDED,
          CIPHER.seal(FollowUpRoutes.noteField(followUpId), requestId, note), responderId));
      routing.send(Topics.FOLLOW_UPS, requestId, new FollowUpDue(Ids.newId(), Instant.now(), requestId, followUpId, 1, 1,
          "north", "en", CIPHER.seal("callerContact", requestId,
              "{\"phone\":\"" + phone + "\",\"email\":\"" + email + "\",\"consentToContact\":true}"), true));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> call("GET", path, responder, null).body().contains("FUPII-"));
    String peerId = IntakeFixture.newResponderId();
    String peer = IntakeFixture.responder(admin, peerId);
    status(followUpId, RequestStatus.ACCEPTED, peerId);
    await().atMost(Duration.ofSeconds(10)).until(() ->
        call("GET", "/api/v1/requests/" + followUpId + "/details", peer, null).body().contains(phone));
    call("GET", "/api/v1/followups/today", peer, null);
    assertThat(call("POST", "/api/v1/requests/" + followUpId + "/followup-outcome", peer, "{\"outcome\": \"REACHED\"}")
        .status()).isEqualTo(202);
    return requestId;
  }

  private static void status(String requestId, RequestStatus s, String by) {
    try (var routing = new TestProducer()) {
      routing.send(Topics.REQUEST_STATUS, requestId, new RequestStatusChanged(Ids.newId(), Instant.now(), requestId, s,
          "test routing", Ids.newId(), by, null, "north", Urgency.MODERATE, Need.PEER_SUPPORT, StatusKind.TRANSITION,
          null, "0123456789ab"));
    }
  }
}

package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crisisline.intake.component.IntakeFixture.call;
import static org.crisisline.intake.component.IntakeFixture.login;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.crisisline.events.AlertAckRequested;
import org.crisisline.events.AlertAcknowledged;
import org.crisisline.events.AlertPaged;
import org.crisisline.events.AlertRaised;
import org.crisisline.events.AlertReason;
import org.crisisline.events.AlertResolved;
import org.crisisline.events.AlertStepStarted;
import org.crisisline.events.AlertVia;
import org.crisisline.events.DeliveryAttempted;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.DeliveryDelivered;
import org.crisisline.events.Ids;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Alerts through the API against a real broker, with this test playing routing (it writes
 * {@code alerts}) and the notifier ({@code deliveries} of the pages): the view shows each alert
 * with its step, pages and their channels; a supervisor's acknowledgement writes one
 * {@link AlertAckRequested}; unknown alerts are 404 and alerts no longer open 409.
 */
@ExtendWith(RealKafka.class)
class IntakeAlertsTest {
  private static String supervisor;

  @BeforeAll
  static void start() {
    IntakeFixture.app();
    supervisor();
  }

  /** A supervisor's token (other test classes use this class's helpers without its @BeforeAll). */
  static synchronized String supervisor() {
    if (supervisor == null) {
      supervisor = login("supervisor");
    }
    return supervisor;
  }

  /** An alert routing raised, stepped and paged {@code userId} for; returns it. */
  static Alert raiseAndPage(String userId, Instant raisedAt) {
    Alert a = new Alert(Ids.newId(), UUID.randomUUID().toString(), Ids.newId(),
        "A" + UUID.randomUUID().toString().substring(0, 4).toUpperCase(), userId);
    Instant waitingSince = raisedAt.minusSeconds(8);
    try (var routing = new TestProducer()) {
      routing.send(Topics.ALERTS, a.requestId(), new AlertRaised(Ids.newId(), raisedAt, a.alertId(), a.code(),
          a.requestId(), "north", Urgency.IMMINENT_RISK, AlertReason.NO_COUNSELLOR_AVAILABLE, waitingSince));
      routing.send(Topics.ALERTS, a.requestId(), new AlertStepStarted(Ids.newId(), raisedAt, a.alertId(),
          a.requestId(), 1, 1, "supervisors", List.of(userId)));
      routing.send(Topics.ALERTS, a.requestId(), new AlertPaged(Ids.newId(), raisedAt, a.alertId(), a.pageId(),
          a.code(), a.requestId(), "north", Urgency.IMMINENT_RISK, AlertReason.NO_COUNSELLOR_AVAILABLE, userId,
          "supervisors", 1, 1, waitingSince));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> alert("all", a.alertId()) != null);
    return a;
  }

  record Alert(String alertId, String requestId, String pageId, String code, String userId) {}

  static void acknowledged(Alert a, String by, AlertVia via) {
    try (var routing = new TestProducer()) {
      routing.send(Topics.ALERTS, a.requestId(), new AlertAcknowledged(Ids.newId(), Instant.now(), a.alertId(),
          a.requestId(), by, via));
    }
  }

  /** The alert as GET /api/v1/alerts?state= lists it, or null. */
  static JsonNode alert(String state, String alertId) {
    for (JsonNode row : call("GET", "/api/v1/alerts?state=" + state, supervisor(), null).json()) {
      if (row.get("alertId").asText().equals(alertId)) {
        return row;
      }
    }
    return null;
  }

  @Test
  void anOpenAlertShowsItsStepAndEachPageWithItsChannels() {
    // Given an alert paged to a person, and the notifier's report of the SMS and the email
    Alert a = raiseAndPage("sup-" + UUID.randomUUID().toString().substring(0, 6), Instant.now());
    try (var notifier = new TestProducer()) {
      notifier.send(Topics.DELIVERIES, a.pageId(), new DeliveryAttempted(Ids.newId(), Instant.now(), a.pageId(),
          a.requestId(), a.userId(), DeliveryChannel.SMS, 1));
      notifier.send(Topics.DELIVERIES, a.pageId(), new DeliveryDelivered(Ids.newId(), Instant.now(), a.pageId(),
          a.requestId(), a.userId(), DeliveryChannel.SMS, "SM1", "sent"));
      notifier.send(Topics.DELIVERIES, a.pageId(), new DeliveryAttempted(Ids.newId(), Instant.now(), a.pageId(),
          a.requestId(), a.userId(), DeliveryChannel.EMAIL, 1));
    }
    // When a supervisor lists the open alerts
    await().atMost(Duration.ofSeconds(10)).until(() -> alert("open", a.alertId()).get("pages").size() == 2);
    JsonNode row = alert("open", a.alertId());
    // Then it is open at step 1 of pass 1, and the pages say who, how and how it went
    assertThat(row.get("state").asText()).isEqualTo("OPEN");
    assertThat(row.get("code").asText()).isEqualTo(a.code());
    assertThat(row.get("urgency").asText()).isEqualTo("IMMINENT_RISK");
    assertThat(row.get("reason").asText()).isEqualTo("NO_COUNSELLOR_AVAILABLE");
    assertThat(row.get("step").asInt()).isEqualTo(1);
    assertThat(row.get("attempt").asInt()).isEqualTo(1);
    assertThat(row.get("acknowledgedBy").isNull()).isTrue();
    JsonNode sms = row.get("pages").get(0);
    assertThat(sms.get("to").asText()).isEqualTo(a.userId());
    assertThat(sms.get("channel").asText()).isEqualTo("SMS");
    assertThat(sms.get("outcome").asText()).isEqualTo("DELIVERED");
    assertThat(sms.get("step").asInt()).isEqualTo(1);
    assertThat(row.get("pages").get(1).get("channel").asText()).isEqualTo("EMAIL");
    assertThat(row.get("pages").get(1).get("outcome").asText()).isEqualTo("SENDING");
  }

  @Test
  void openAlertsComeFirstThenTheNewestAndResolvedOnesOnlyWithAll() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Alert older = raiseAndPage("u-old", now.minusSeconds(120));
    Alert newerResolved = raiseAndPage("u-new", now.minusSeconds(10));
    try (var routing = new TestProducer()) {
      routing.send(Topics.ALERTS, newerResolved.requestId(), new AlertResolved(Ids.newId(), Instant.now(),
          newerResolved.alertId(), newerResolved.code(), newerResolved.requestId(), RequestStatus.ACCEPTED,
          List.of("u-new")));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> alert("open", newerResolved.alertId()) == null);
    JsonNode resolved = alert("all", newerResolved.alertId());
    assertThat(resolved.get("state").asText()).isEqualTo("RESOLVED");
    assertThat(resolved.get("resolution").asText()).isEqualTo("ACCEPTED");
    // The open one is listed before the resolved one, though raised earlier
    List<String> order = call("GET", "/api/v1/alerts?state=all", supervisor, null).json().findValuesAsText("alertId");
    assertThat(order.indexOf(older.alertId())).isLessThan(order.indexOf(newerResolved.alertId()));
    assertThat(call("GET", "/api/v1/alerts", supervisor, null).json().findValuesAsText("alertId"))
        .contains(older.alertId()).doesNotContain(newerResolved.alertId());
  }

  @Test
  void aSupervisorsAcknowledgementIsWrittenOnceThenTheAlertIsNoLongerOpen() {
    Alert a = raiseAndPage("sup-x", Instant.now());
    // When a supervisor acknowledges it, twice in a row
    var first = call("POST", "/api/v1/alerts/" + a.alertId() + "/ack", supervisor, null);
    var second = call("POST", "/api/v1/alerts/" + a.alertId() + "/ack", supervisor, null);
    // Then the first is accepted and written, the second refused while routing answers the first
    assertThat(first.status()).isEqualTo(202);
    assertThat(first.json().get("requestId").asText()).isEqualTo(a.requestId());
    assertThat(second.status()).isEqualTo(409);
    try (var acks = new TestConsumer<>(Topics.ALERT_ACKS)) {
      AlertAckRequested req = acks.awaitValue(v -> v.alertId().equals(a.alertId()));
      assertThat(req.userId()).isEqualTo("supervisor");
      assertThat(req.via()).isEqualTo(AlertVia.API);
      assertThat(req.requestId()).isEqualTo(a.requestId());
      assertThat(acks.values().stream().filter(v -> v.alertId().equals(a.alertId())).count()).isEqualTo(1);
    }
    // When routing records the acknowledgement
    acknowledged(a, "supervisor", AlertVia.API);
    await().atMost(Duration.ofSeconds(10)).until(() -> alert("open", a.alertId()) == null);
    // Then it shows who acknowledged it and when, and a further acknowledgement is refused
    JsonNode row = alert("all", a.alertId());
    assertThat(row.get("state").asText()).isEqualTo("ACKNOWLEDGED");
    assertThat(row.get("acknowledgedBy").asText()).isEqualTo("supervisor");
    assertThat(row.get("acknowledgedVia").asText()).isEqualTo("API");
    assertThat(row.get("acknowledgedAt").isNull()).isFalse();
    assertThat(call("POST", "/api/v1/alerts/" + a.alertId() + "/ack", supervisor, null).status()).isEqualTo(409);
  }

  @Test
  void unknownAlertsBadFiltersAndOtherRolesAreRefused() {
    assertThat(call("POST", "/api/v1/alerts/" + Ids.newId() + "/ack", supervisor, null).status()).isEqualTo(404);
    assertThat(call("GET", "/api/v1/alerts?state=closed", supervisor, null).status()).isEqualTo(400);
    String staff = login("staff");
    assertThat(call("GET", "/api/v1/alerts", staff, null).status()).isEqualTo(403);
    assertThat(call("POST", "/api/v1/alerts/" + Ids.newId() + "/ack", staff, null).status()).isEqualTo(403);
    assertThat(call("GET", "/api/v1/alerts", null, null).status()).isEqualTo(401);
  }
}

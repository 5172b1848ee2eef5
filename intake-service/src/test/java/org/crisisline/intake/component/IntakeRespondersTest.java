package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crisisline.intake.component.IntakeFixture.call;
import static org.crisisline.intake.component.IntakeFixture.login;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.QueueSnapshot;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Responder admin: profiles, statuses in the list and in the responder's own read (including an
 * AWAY routing set), reserved ids, and inactive responders locked out.
 */
@ExtendWith(RealKafka.class)
class IntakeRespondersTest {
  private static String admin;

  @BeforeAll
  static void start() {
    IntakeFixture.app();
    admin = login("admin");
  }

  @Test
  void aStatusSetByTheResponderShowsInTheSupervisorsList() {
    String id = IntakeFixture.newResponderId();
    String responder = IntakeFixture.responder(admin, id);
    assertThat(call("PUT", "/api/v1/responders/" + id + "/status", responder, "{\"status\":\"BUSY\",\"reason\":\"on a call\"}")
        .status()).isEqualTo(200);
    var list = call("GET", "/api/v1/responders", login("supervisor"), null).json();
    var me = java.util.stream.StreamSupport.stream(list.spliterator(), false)
        .filter(r -> r.get("responderId").asText().equals(id)).findFirst().orElseThrow();
    assertThat(me.get("status").asText()).isEqualTo("BUSY");
    assertThat(me.get("statusReason").asText()).isEqualTo("on a call");
    assertThat(me.has("contact")).isFalse();
  }

  @Test
  void aResponderReadsTheirOwnStatusAndSupervisorsReadAnyone() {
    // Given a responder who set themselves BUSY
    String id = IntakeFixture.newResponderId();
    String responder = IntakeFixture.responder(admin, id);
    call("PUT", "/api/v1/responders/" + id + "/status", responder, "{\"status\":\"BUSY\",\"reason\":\"on a call\"}");
    // When they, and a supervisor, read the profile
    for (String token : new String[] {responder, login("supervisor")}) {
      var me = call("GET", "/api/v1/responders/" + id, token, null);
      // Then it has the current status, who set it, and no contact details
      assertThat(me.status()).isEqualTo(200);
      assertThat(me.json().get("status").asText()).isEqualTo("BUSY");
      assertThat(me.json().get("statusReason").asText()).isEqualTo("on a call");
      assertThat(me.json().get("statusChangedBy").asText()).isEqualTo(id);
      assertThat(me.json().has("contact")).isFalse();
    }
    assertThat(call("GET", "/api/v1/responders/" + IntakeFixture.newResponderId(), admin, null).status()).isEqualTo(404);
  }

  @Test
  void anAwayThatRoutingSetAfterAMissedOfferShowsUntilTheResponderIsAvailableAgain() {
    // Given an AVAILABLE responder in a region of their own, and an offer routing made them
    String region = "rt-" + UUID.randomUUID().toString().substring(0, 8);
    String id = IntakeFixture.newResponderId();
    assertThat(call("PUT", "/api/v1/responders/" + id, admin, IntakeFixture.responderBody(region)).status()).isEqualTo(201);
    String responder = login(id);
    call("PUT", "/api/v1/responders/" + id + "/status", responder, "{\"status\":\"AVAILABLE\"}");
    String offerId = Ids.newId();
    String requestId = UUID.randomUUID().toString();
    try (var routing = new TestProducer()) {
      routing.send(Topics.OFFERS, requestId, new OfferMade(Ids.newId(), Instant.now(), requestId, offerId, "MSD234",
          id, null, 1, Instant.now().plusSeconds(1), Urgency.HIGH, Need.CRISIS_COUNSELLING, null, "en", region));
      // When routing times the offer out and publishes the AWAY only in its queue snapshot
      routing.send(Topics.QUEUE_SNAPSHOTS, region + "/HOTLINE_COUNSELLOR", snapshot(region,
          Map.of(id, "missed offer " + offerId + " (no answer in 60s)")));
    }
    // Then the responder's own read says AWAY, set by routing, naming the offer by its code
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      var me = call("GET", "/api/v1/responders/" + id, responder, null).json();
      assertThat(me.get("status").asText()).isEqualTo("AWAY");
      assertThat(me.get("statusReason").asText()).isEqualTo("missed offer MSD234 (no answer in 60s)");
      assertThat(me.get("statusChangedBy").asText()).isEqualTo("routing");
    });
    // When they press Available (routing has not yet published a snapshot without them)
    assertThat(call("PUT", "/api/v1/responders/" + id + "/status", responder, "{\"status\":\"AVAILABLE\"}").status())
        .isEqualTo(200);
    // Then they read AVAILABLE at once, and so does the supervisor's list
    assertThat(call("GET", "/api/v1/responders/" + id, responder, null).json().get("status").asText()).isEqualTo("AVAILABLE");
    var list = call("GET", "/api/v1/responders", login("supervisor"), null).json();
    assertThat(java.util.stream.StreamSupport.stream(list.spliterator(), false)
        .filter(r -> r.get("responderId").asText().equals(id)).findFirst().orElseThrow().get("status").asText())
        .isEqualTo("AVAILABLE");
  }

  private static QueueSnapshot snapshot(String region, Map<String, String> away) {
    return new QueueSnapshot(Ids.newId(), Instant.now(), region + "/HOTLINE_COUNSELLOR", region, "HOTLINE_COUNSELLOR",
        Map.of(), 0, null, 0, Map.of(ResponderStatus.AWAY, away.size()), away, 0, 0);
  }

  @Test
  void staffAccountNamesCannotBeResponderIds() {
    var r = call("PUT", "/api/v1/responders/admin", admin, IntakeFixture.responderBody("north"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("id");
  }

  @Test
  void anInactiveResponderCannotLogIn() {
    String id = IntakeFixture.newResponderId();
    IntakeFixture.responder(admin, id);
    assertThat(call("PUT", "/api/v1/responders/" + id, admin, IntakeFixture.responderBody("north")
        .replace("\"active\": true", "\"active\": false")).status()).isEqualTo(200);
    var r = call("POST", "/api/v1/session", null,
        "{\"username\":\"" + id + "\",\"password\":\"" + IntakeFixture.PASSWORD + "\"}");
    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void aProfileNeedsTheContactItsChannelsUse() {
    String body = IntakeFixture.responderBody("north").replace("\"phone\": \"+15035550111\", ", "");
    var r = call("PUT", "/api/v1/responders/" + IntakeFixture.newResponderId(), admin, body);
    assertThat(r.status()).isEqualTo(400);
    assertThat(IntakeDirectoryTest.fields(r.json().get("errors"))).contains("contact.phone");
  }
}

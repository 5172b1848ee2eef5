package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crisisline.intake.component.IntakeFixture.call;
import static org.crisisline.intake.component.IntakeFixture.login;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.RegionPartitions;
import org.crisisline.events.OfferAccepted;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.Topics;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Intake's part of the thin path on a real broker, with routing played by the test: staff log a
 * request, an offer appears, the responder accepts over the API, the status reads ACCEPTED with
 * its timeline, and only then can they read the decrypted details and complete it.
 */
@ExtendWith(RealKafka.class)
class IntakeThinPathTest {

  @BeforeAll
  static void start() {
    IntakeFixture.app();
  }

  @Test
  void aLoggedRequestIsWrittenToItsRegionsPartitionSoRoutingPlacesItInOneHop() {
    String staff = login("staff");
    for (String region : new String[] {"north", "south"}) {
      var logged = call("POST", "/api/v1/requests", staff,
          IntakeFixture.request("caller is scared", "+15035550100", "caller@example.org").replace("\"north\"",
              "\"" + region + "\""), "Idempotency-Key", UUID.randomUUID().toString());
      assertThat(logged.status()).as(logged.body()).isEqualTo(202);
      String requestId = logged.json().get("requestId").asText();
      try (var requests = new TestConsumer<>(Topics.HELP_REQUESTS)) {
        var record = requests.readToEnd().stream()
            .filter(r -> new String(r.key(), java.nio.charset.StandardCharsets.UTF_8).equals(requestId))
            .findFirst().orElseThrow();
        int partitions = requests.partitionCount();
        assertThat(partitions).isGreaterThan(1);
        assertThat(record.partition()).as(region).isEqualTo(RegionPartitions.of(region, partitions));
        assertThat(RegionPartitions.aligned(requestId, region, partitions)).isTrue();
      }
    }
  }

  @Test
  void staffLogsAResponderAcceptsAndTheRequestReadsAcceptedWithItsTimeline() {
    // Given a responder who is available
    String admin = login("admin");
    String responderId = IntakeFixture.newResponderId();
    String responder = IntakeFixture.responder(admin, responderId);
    assertThat(call("PUT", "/api/v1/responders/" + responderId + "/status", responder,
        "{\"status\":\"AVAILABLE\"}").status()).isEqualTo(200);

    // When staff log a request
    String staff = login("staff");
    var logged = call("POST", "/api/v1/requests", staff,
        IntakeFixture.request("caller is scared", "+15035550100", "caller@example.org"),
        "Idempotency-Key", UUID.randomUUID().toString());
    assertThat(logged.status()).as(logged.body()).isEqualTo(202);
    String requestId = logged.json().get("requestId").asText();
    assertThat(logged.json().get("status").asText()).isEqualTo("QUEUED");
    assertThat(call("GET", "/api/v1/requests/" + requestId, staff, null).json().get("status").asText())
        .isEqualTo("QUEUED");
    var today = call("GET", "/api/v1/requests?mine=today", staff, null).json();
    assertThat(today.get(0).get("requestId").asText()).isEqualTo(requestId);
    assertThat(today.get(0).has("timeline")).isFalse();

    // And routing offers it to the responder
    String offerId = Ids.newId();
    Instant now = Instant.now();
    try (var routing = new TestProducer()) {
      routing.send(Topics.OFFERS, requestId, new OfferMade(Ids.newId(), now, requestId, offerId, "ABC234",
          responderId, null, 1, now.plusSeconds(120), Urgency.HIGH, Need.CRISIS_COUNSELLING, null, "en", "north"));
      routing.send(Topics.REQUEST_STATUS, requestId, status(requestId, RequestStatus.OFFERED, offerId, responderId));
      await().atMost(Duration.ofSeconds(10)).until(() ->
          call("GET", "/api/v1/offers/current", responder, null).json().size() == 1);

      // Then details are not theirs yet
      assertThat(call("GET", "/api/v1/requests/" + requestId + "/details", responder, null).status()).isEqualTo(403);

      // When the responder accepts
      var accepted = call("POST", "/api/v1/offers/" + offerId + "/accept", responder, null);
      assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
      try (var answers = new TestConsumer<>(Topics.OFFER_ANSWERS)) {
        assertThat(answers.awaitValue(v -> v instanceof OfferAccepted a && a.offerId().equals(offerId))).isNotNull();
      }
      routing.send(Topics.REQUEST_STATUS, requestId, status(requestId, RequestStatus.ACCEPTED, offerId, responderId));
    }

    // Then the request reads ACCEPTED with its timeline
    await().atMost(Duration.ofSeconds(10)).until(() ->
        call("GET", "/api/v1/requests/" + requestId, staff, null).json().get("status").asText().equals("ACCEPTED"));
    var view = call("GET", "/api/v1/requests/" + requestId, staff, null).json();
    assertThat(view.get("timeline")).hasSize(2);
    assertThat(view.get("timeline").get(1).get("responderId").asText()).isEqualTo(responderId);
    // And each entry names its kind and the routing policy version that decided it
    assertThat(view.get("timeline").get(1).get("kind").asText()).isEqualTo("TRANSITION");
    assertThat(view.get("timeline").get(1).get("policyVersion").asText()).isEqualTo("0123456789ab");

    // And the accepting responder reads the decrypted details, then completes
    var details = call("GET", "/api/v1/requests/" + requestId + "/details", responder, null);
    assertThat(details.status()).isEqualTo(200);
    assertThat(details.json().get("summary").asText()).isEqualTo("caller is scared");
    assertThat(details.json().get("callerContact").get("phone").asText()).isEqualTo("+15035550100");
    assertThat(call("POST", "/api/v1/requests/" + requestId + "/complete", responder, "{\"outcome\":\"safe plan\"}")
        .status()).isEqualTo(202);
    // And a second answer to the same offer is refused
    assertThat(call("POST", "/api/v1/offers/" + offerId + "/accept", responder, null).status()).isEqualTo(409);
  }

  static RequestStatusChanged status(String requestId, RequestStatus s, String offerId, String responderId) {
    return new RequestStatusChanged(Ids.newId(), Instant.now(), requestId, s, "test routing", offerId, responderId,
        null, "north", Urgency.HIGH, Need.CRISIS_COUNSELLING, StatusKind.TRANSITION, null, "0123456789ab");
  }
}

package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crisisline.intake.component.IntakeFixture.call;
import static org.crisisline.intake.component.IntakeFixture.login;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.crisisline.events.Disposition;
import org.crisisline.events.Ids;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RiskLevel;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The structured wrap-up: the accepting responder completes with a disposition, the C-SSRS screen,
 * safety plan, active rescue and a note; the request view shows the derived risk level and the
 * codes, the topic carries the codes in clear and the note only sealed; bad wrap-ups are 400s
 * naming the field.
 */
@ExtendWith(RealKafka.class)
class IntakeWrapUpTest {
  private static String responderId;
  private static String responder;

  @BeforeAll
  static void start() {
    IntakeFixture.app();
    responderId = IntakeFixture.newResponderId();
    responder = IntakeFixture.responder(login("admin"), responderId);
  }

  private static String acceptedRequest() {
    var logged = call("POST", "/api/v1/requests", login("staff"), IntakeFixture.request("wrap-up test", "+15035550100",
        "a@example.org"), "Idempotency-Key", UUID.randomUUID().toString());
    String requestId = logged.json().get("requestId").asText();
    try (var routing = new TestProducer()) {
      routing.send(Topics.REQUEST_STATUS, requestId,
          IntakeThinPathTest.status(requestId, RequestStatus.ACCEPTED, Ids.newId(), responderId));
    }
    await().atMost(Duration.ofSeconds(10)).until(() ->
        call("GET", "/api/v1/requests/" + requestId + "/details", responder, null).status() == 200);
    return requestId;
  }

  @Test
  void aScreenedCompletionShowsItsRiskLevelAndCodesButNeverItsNote() {
    // Given a request the responder accepted
    String requestId = acceptedRequest();
    String note = "WRAPUP-" + UUID.randomUUID() + " she named the bridge";
    // When they complete it with a screen that says intent (Q4) and a note
    var done = call("POST", "/api/v1/requests/" + requestId + "/complete", responder, """
        {"disposition": "EMERGENCY_SERVICES_DISPATCHED", "safetyPlan": false, "activeRescue": true,
         "riskScreen": {"wishToBeDead": true, "suicidalThoughts": true, "thoughtsWithMethod": true, "intent": true,
                        "intentWithPlan": false, "behaviour": false},
         "note": "%s"}""".formatted(note));
    assertThat(done.status()).isEqualTo(202);
    // Then the request view shows risk HIGH and the wrap-up codes, and no word of the note
    var view = call("GET", "/api/v1/requests/" + requestId, login("supervisor"), null);
    assertThat(view.json().path("riskLevel").asText()).isEqualTo("HIGH");
    assertThat(view.json().path("wrapUp").path("disposition").asText()).isEqualTo("EMERGENCY_SERVICES_DISPATCHED");
    assertThat(view.json().path("wrapUp").path("activeRescue").asBoolean()).isTrue();
    assertThat(view.json().path("wrapUp").path("riskScreen").path("intent").asBoolean()).isTrue();
    assertThat(view.body()).doesNotContain("WRAPUP-", "bridge");
    // And the topic holds the codes in clear and the note sealed to this request only
    try (var answers = new TestConsumer<>(Topics.OFFER_ANSWERS)) {
      var record = answers.readToEnd().stream()
          .filter(r -> requestId.equals(new String(r.key(), StandardCharsets.UTF_8))).findFirst().orElseThrow();
      assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain("WRAPUP-", "bridge");
      RequestCompleted c = (RequestCompleted) answers.decode(record);
      assertThat(c.disposition()).isEqualTo(Disposition.EMERGENCY_SERVICES_DISPATCHED);
      assertThat(c.riskLevel()).isEqualTo(RiskLevel.HIGH);
      assertThat(c.safetyPlan()).isFalse();
      assertThat(DataKeysOnTopic.opener(IntakeFixture.KEYRING).open(RequestCompleted.NOTE_FIELD, requestId, c.note()))
          .isEqualTo(note);
    }
  }

  @Test
  void anUnscreenedRequestHasNoRiskLevel() {
    String requestId = acceptedRequest();
    var view = call("GET", "/api/v1/requests/" + requestId, login("staff"), null);
    assertThat(view.json().path("riskLevel").isNull()).isTrue();
    assertThat(view.json().path("wrapUp").isNull()).isTrue();
  }

  @Test
  void badWrapUpsAreRefusedNamingTheField() {
    String requestId = acceptedRequest();
    String path = "/api/v1/requests/" + requestId + "/complete";
    var recentWithoutBehaviour = call("POST", path, responder,
        "{\"riskScreen\": {\"behaviour\": false, \"behaviourWithinThreeMonths\": true}}");
    assertThat(recentWithoutBehaviour.status()).isEqualTo(400);
    assertThat(recentWithoutBehaviour.body()).contains("riskScreen.behaviourWithinThreeMonths");
    var notABoolean = call("POST", path, responder, "{\"riskScreen\": {\"intent\": \"yes\"}}");
    assertThat(notABoolean.status()).isEqualTo(400);
    assertThat(notABoolean.body()).contains("riskScreen.intent");
    var unknownDisposition = call("POST", path, responder, "{\"disposition\": \"FELT_BETTER\"}");
    assertThat(unknownDisposition.status()).isEqualTo(400);
    assertThat(unknownDisposition.body()).contains("disposition");
    var unknownItem = call("POST", path, responder, "{\"riskScreen\": {\"hopeless\": true}}");
    assertThat(unknownItem.status()).isEqualTo(400);
    assertThat(unknownItem.body()).contains("riskScreen.hopeless");
  }
}

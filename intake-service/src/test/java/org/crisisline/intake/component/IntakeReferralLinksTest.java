package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crisisline.intake.component.IntakeFixture.call;
import static org.crisisline.intake.component.IntakeFixture.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.OfferLinks;
import org.crisisline.events.OfferMade;
import org.crisisline.events.ReferralAccepted;
import org.crisisline.events.ReferralDeclineReason;
import org.crisisline.events.ReferralDeclined;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.ReferralOutcome;
import org.crisisline.events.ReferralOutcomeRecorded;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.ServiceAnswer;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The service's referral link ({@code /s/{token}}): GET shows the referral without caller details
 * and changes nothing; accept, decline (with a code) and, after an accept, the outcome each write
 * one ServiceAnswer via LINK, once; the caller's contact shows only after routing confirmed the
 * accept; a forged, expired or responder's token is refused; supervisors see waiting referrals.
 */
@ExtendWith(RealKafka.class)
class IntakeReferralLinksTest {
  private static final OfferLinks LINKS = OfferLinks.forReferrals(IntakeFixture.config().linkSecret(), Clock.systemUTC());
  private static final String FORM = "application/x-www-form-urlencoded";

  @BeforeAll
  static void start() {
    IntakeFixture.app();
  }

  /** A request staff logged with the caller's contact, referred to a fresh service: {requestId, offerId, serviceId, token}. */
  private static String[] referral(String phone) {
    var logged = call("POST", "/api/v1/requests", login("staff"), IntakeFixture.request("referral link test", phone,
        "s@example.org"), "Idempotency-Key", UUID.randomUUID().toString());
    String requestId = logged.json().get("requestId").asText();
    String offerId = Ids.newId();
    String serviceId = "svc-" + UUID.randomUUID().toString().substring(0, 8);
    try (var routing = new TestProducer()) {
      routing.send(Topics.OFFERS, requestId, new OfferMade(Ids.newId(), Instant.now(), requestId, offerId, "SVC234",
          null, serviceId, 1, null, Urgency.MODERATE, Need.REFERRAL, ReferralKind.SUPPORT_GROUP, "en", "north"));
    }
    String token = LINKS.sign(new OfferLinks.Claims(offerId, Instant.now().plus(Duration.ofDays(14))));
    await().atMost(Duration.ofSeconds(10)).until(() -> call("GET", "/s/" + token, null, null).status() == 200);
    return new String[] {requestId, offerId, serviceId, token};
  }

  private static IntakeFixture.Reply post(String token, String action, String form) {
    return form == null ? call("POST", "/s/" + token + "/" + action, null, null)
        : call("POST", "/s/" + token + "/" + action, null, form, "Content-Type", FORM);
  }

  private static long answersFor(TestConsumer<?> answers, String offerId) {
    return answers.values().stream().filter(v -> v instanceof ServiceAnswer s && offerId.equals(s.offerId())).count();
  }

  @Test
  void aServiceAcceptsOnceSeesTheContactOnceConfirmedAndRecordsTheOutcomeOnce() {
    String phone = "+15035550" + (100 + (int) (Math.random() * 899));
    String[] r = referral(phone);
    // Given the page, fetched twice as a previewer would
    var page = call("GET", "/s/" + r[3], null, null);
    call("GET", "/s/" + r[3], null, null);
    // Then it shows the referral, its answers, and no caller detail
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.body()).contains("SVC234", "Support group", "Moderate", "waiting for your answer",
        "/s/" + r[3] + "/accept", "NO_CAPACITY").doesNotContain(phone, "s@example.org", "referral link test");
    // When the service accepts, twice (a double click)
    var accepted = post(r[3], "accept", null);
    var twice = post(r[3], "accept", null);
    // Then one ReferralAccepted via LINK is written, and the second click changes nothing
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(twice.status()).isEqualTo(409);
    try (var answers = new TestConsumer<>(Topics.OFFER_ANSWERS)) {
      ReferralAccepted a = (ReferralAccepted) answers.awaitValue(
          v -> v instanceof ReferralAccepted x && x.offerId().equals(r[1]));
      assertThat(a.serviceId()).isEqualTo(r[2]);
      assertThat(a.requestId()).isEqualTo(r[0]);
      assertThat(a.via()).isEqualTo(AnswerVia.LINK);
      assertThat(answersFor(answers, r[1])).isEqualTo(1);
    }
    // And the contact is not shown before routing confirms the accept
    assertThat(post(r[3], "contact", null).status()).isEqualTo(409);
    try (var routing = new TestProducer()) {
      routing.send(Topics.REQUEST_STATUS, r[0], new RequestStatusChanged(Ids.newId(), Instant.now(), r[0],
          RequestStatus.REFERRAL_ACCEPTED, "service accepted", r[1], null, r[2], "north", Urgency.MODERATE,
          Need.REFERRAL, StatusKind.TRANSITION, null, "0123456789ab"));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> post(r[3], "contact", null).status() == 200);
    assertThat(post(r[3], "contact", null).body()).contains(phone, "s@example.org");
    // When the outcome is sent without a choice, then with one, twice
    var none = post(r[3], "outcome", "outcome=");
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.body()).contains("outcome");
    assertThat(post(r[3], "outcome", "outcome=CONNECTED").status()).isEqualTo(200);
    assertThat(post(r[3], "outcome", "outcome=COULD_NOT_CONTACT").status()).isEqualTo(409);
    // Then one outcome, CONNECTED, is written
    try (var answers = new TestConsumer<>(Topics.OFFER_ANSWERS)) {
      ReferralOutcomeRecorded o = (ReferralOutcomeRecorded) answers.awaitValue(
          v -> v instanceof ReferralOutcomeRecorded x && x.offerId().equals(r[1]));
      assertThat(o.outcome()).isEqualTo(ReferralOutcome.CONNECTED);
      assertThat(answersFor(answers, r[1])).isEqualTo(2);
    }
    assertThat(call("GET", "/s/" + r[3], null, null).body()).contains("outcome: Connected");
  }

  @Test
  void aServiceDeclinesWithAReasonCodeOnceAndABadReasonIsNamed() {
    String[] r = referral("+15035550181");
    var bad = post(r[3], "decline", "reason=TOO_BUSY");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("reason");
    assertThat(post(r[3], "decline", null).status()).isEqualTo(400);
    assertThat(post(r[3], "decline", "reason=NO_CAPACITY").status()).isEqualTo(200);
    assertThat(post(r[3], "accept", null).status()).isEqualTo(409);
    assertThat(post(r[3], "outcome", "outcome=CONNECTED").status()).isEqualTo(409);
    try (var answers = new TestConsumer<>(Topics.OFFER_ANSWERS)) {
      ReferralDeclined d = (ReferralDeclined) answers.awaitValue(
          v -> v instanceof ReferralDeclined x && x.offerId().equals(r[1]));
      assertThat(d.reasonCode()).isEqualTo(ReferralDeclineReason.NO_CAPACITY);
      assertThat(answersFor(answers, r[1])).isEqualTo(1);
    }
    assertThat(call("GET", "/s/" + r[3], null, null).body()).contains("declined (No capacity)");
  }

  @Test
  void forgedExpiredAndResponderTokensAreRefusedWithoutDetail() {
    String[] r = referral("+15035550182");
    String expired = OfferLinks.forReferrals(IntakeFixture.config().linkSecret(),
        Clock.fixed(Instant.now().minus(Duration.ofDays(30)), java.time.ZoneOffset.UTC))
        .sign(new OfferLinks.Claims(r[1], Instant.now().minus(Duration.ofDays(1))));
    var old = call("GET", "/s/" + expired, null, null);
    assertThat(old.status()).isEqualTo(410);
    assertThat(old.body()).doesNotContain("SVC234");
    assertThat(post(expired, "accept", null).status()).isEqualTo(410);
    String responderKey = new OfferLinks(IntakeFixture.config().linkSecret(), Clock.systemUTC())
        .sign(new OfferLinks.Claims(r[1], Instant.now().plusSeconds(600)));
    assertThat(call("GET", "/s/" + responderKey, null, null).status()).isEqualTo(404);
    assertThat(post(responderKey, "accept", null).status()).isEqualTo(404);
    assertThat(call("GET", "/s/not-a-token", null, null).status()).isEqualTo(404);
    String unknownOffer = LINKS.sign(new OfferLinks.Claims(Ids.newId(), Instant.now().plusSeconds(600)));
    assertThat(call("GET", "/s/" + unknownOffer, null, null).status()).isEqualTo(404);
  }

  @Test
  void supervisorsSeeReferralsWaitingPerServiceOldestFirst() {
    String[] r = referral("+15035550183");
    var board = call("GET", "/api/v1/referrals/board", login("supervisor"), null);
    assertThat(board.status()).isEqualTo(200);
    var service = java.util.stream.StreamSupport.stream(board.json().path("services").spliterator(), false)
        .filter(s -> r[2].equals(s.path("serviceId").asText())).findFirst().orElseThrow();
    assertThat(service.path("waiting").get(0).path("requestId").asText()).isEqualTo(r[0]);
    assertThat(board.body()).doesNotContain("+15035550183");
    // Once it is accepted it no longer waits
    post(r[3], "accept", null);
    assertThat(call("GET", "/api/v1/referrals/board", login("supervisor"), null).body()).doesNotContain(r[1]);
    assertThat(call("GET", "/api/v1/referrals/board", login("staff"), null).status()).isEqualTo(403);
  }
}

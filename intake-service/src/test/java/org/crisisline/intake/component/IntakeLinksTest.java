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
import org.crisisline.events.OfferAccepted;
import org.crisisline.events.OfferLinks;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The signed one-time links: GET shows the offer and changes nothing; POST answers once; a used,
 * expired, withdrawn or forged link gets a clear 4xx page and writes nothing.
 */
@ExtendWith(RealKafka.class)
class IntakeLinksTest {
  private static final OfferLinks LINKS = new OfferLinks(IntakeFixture.config().linkSecret(), Clock.systemUTC());
  private static String admin;

  @BeforeAll
  static void start() {
    IntakeFixture.app();
    admin = login("admin");
  }

  /** An offer routing made to a fresh responder; returns {responderToken, offerId, requestId, linkToken}. */
  private static String[] offer(Instant expiresAt) {
    String responderId = IntakeFixture.newResponderId();
    String responder = IntakeFixture.responder(admin, responderId);
    String requestId = UUID.randomUUID().toString();
    String offerId = Ids.newId();
    try (var routing = new TestProducer()) {
      routing.send(Topics.OFFERS, requestId, new OfferMade(Ids.newId(), Instant.now(), requestId, offerId, "LNK234",
          responderId, null, 1, expiresAt, Urgency.MODERATE, Need.PEER_SUPPORT, null, "en", "north"));
    }
    String token = LINKS.sign(new OfferLinks.Claims(offerId, expiresAt));
    await().atMost(Duration.ofSeconds(10)).until(() -> call("GET", "/r/" + token, null, null).status() == 200);
    return new String[] {responder, offerId, requestId, token};
  }

  @Test
  void viewingALinkChangesNothingAndAcceptingWorksOnce() {
    // Given an outstanding offer and its link
    String[] o = offer(Instant.now().plusSeconds(120));
    // When the link is fetched (as a previewer would), twice
    var page = call("GET", "/r/" + o[3], null, null);
    call("GET", "/r/" + o[3], null, null);
    // Then it shows the offer as HTML and it is still outstanding
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.body()).contains("LNK234").contains("/accept");
    assertThat(call("GET", "/api/v1/offers/current", o[0], null).json().size()).isEqualTo(1);
    // When accepted through the link
    var accepted = call("POST", "/r/" + o[3] + "/accept", null, null);
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(accepted.body()).contains("<a href=\"/responder\">Open your responder page for the details</a>");
    // Then one OfferAccepted via LINK is written, and the link is spent
    try (var answers = new TestConsumer<>(Topics.OFFER_ANSWERS)) {
      OfferAccepted a = (OfferAccepted) answers.awaitValue(v -> v instanceof OfferAccepted x && x.offerId().equals(o[1]));
      assertThat(a.via()).isEqualTo(AnswerVia.LINK);
      assertThat(call("POST", "/r/" + o[3] + "/accept", null, null).status()).isEqualTo(410);
      assertThat(call("POST", "/r/" + o[3] + "/decline", null, null).status()).isEqualTo(410);
      assertThat(call("GET", "/r/" + o[3], null, null).status()).isEqualTo(410);
      assertThat(answers.values().stream().filter(v -> o[1].equals(offerIdOf(v))).count()).isEqualTo(1);
    }
  }

  @Test
  void aWithdrawnOfferOrAFinishedRequestLeavesTheLinkGone() {
    String[] o = offer(Instant.now().plusSeconds(120));
    try (var routing = new TestProducer()) {
      routing.send(Topics.REQUEST_STATUS, o[2], IntakeThinPathTest.status(o[2], RequestStatus.CANCELLED, null, null));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> call("POST", "/r/" + o[3] + "/accept", null, null).status() == 410);
  }

  @Test
  void expiredAndForgedLinksAreRefused() {
    String[] o = offer(Instant.now().plusSeconds(120));
    String expired = LINKS.sign(new OfferLinks.Claims(o[1], Instant.now().minusSeconds(5)));
    assertThat(call("GET", "/r/" + expired, null, null).status()).isEqualTo(410);
    assertThat(call("POST", "/r/" + expired + "/accept", null, null).status()).isEqualTo(410);
    String forged = new OfferLinks("another-secret-of-some-length", Clock.systemUTC())
        .sign(new OfferLinks.Claims(o[1], Instant.now().plusSeconds(60)));
    assertThat(call("POST", "/r/" + forged + "/accept", null, null).status()).isEqualTo(404);
    assertThat(call("GET", "/r/not-a-token", null, null).status()).isEqualTo(404);
    String unknownOffer = LINKS.sign(new OfferLinks.Claims(Ids.newId(), Instant.now().plusSeconds(60)));
    assertThat(call("POST", "/r/" + unknownOffer + "/accept", null, null).status()).isEqualTo(404);
    // And the real offer is untouched
    assertThat(call("GET", "/api/v1/offers/current", o[0], null).json().size()).isEqualTo(1);
  }

  @Test
  void aResponderCannotAnswerSomeoneElsesOffer() {
    String[] o = offer(Instant.now().plusSeconds(120));
    String other = IntakeFixture.responder(admin, IntakeFixture.newResponderId());
    assertThat(call("POST", "/api/v1/offers/" + o[1] + "/accept", other, null).status()).isEqualTo(403);
    assertThat(call("POST", "/api/v1/offers/" + o[1] + "/decline", o[0], "{\"reason\":\"on a call\"}").status())
        .isEqualTo(202);
  }

  private static String offerIdOf(Object v) {
    return v instanceof OfferAccepted a ? a.offerId()
        : v instanceof org.crisisline.events.OfferDeclined d ? d.offerId() : null;
  }
}

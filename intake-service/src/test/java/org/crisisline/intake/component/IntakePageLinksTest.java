package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crisisline.intake.component.IntakeFixture.call;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.crisisline.events.AlertAckRequested;
import org.crisisline.events.AlertVia;
import org.crisisline.events.Ids;
import org.crisisline.events.OfferLinks;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The signed link in a page: GET shows the alert and changes nothing; POST acknowledges it once,
 * as the person paged; a replay is 409, a forged or expired link 403, an unknown page 404, and
 * none of them writes anything.
 */
@ExtendWith(RealKafka.class)
class IntakePageLinksTest {
  private static final OfferLinks PAGE_LINKS = OfferLinks.forPages(IntakeFixture.config().linkSecret(), Clock.systemUTC());

  @BeforeAll
  static void start() {
    IntakeFixture.app();
    IntakeFixture.login("supervisor");
  }

  private static String link(String pageId, Instant expiresAt) {
    return PAGE_LINKS.sign(new OfferLinks.Claims(pageId, expiresAt));
  }

  private static long acksOf(TestConsumer<AlertAckRequested> acks, String alertId) {
    return acks.values().stream().filter(v -> v.alertId().equals(alertId)).count();
  }

  @Test
  void viewingTheLinkChangesNothingAndAcknowledgingWorksOnceAsThePagedPerson() {
    // Given an open alert paged to sup-dana, and the link in her page
    var a = IntakeAlertsTest.raiseAndPage("sup-dana", Instant.now());
    String token = link(a.pageId(), Instant.now().plusSeconds(600));
    try (var acks = new TestConsumer<>(Topics.ALERT_ACKS)) {
      // When the link is fetched (as a previewer would), twice
      var page = call("GET", "/a/" + token, null, null);
      call("GET", "/a/" + token, null, null);
      // Then it shows the alert, with a button, and asks for nothing yet
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.header("Content-Type")).startsWith("text/html");
      assertThat(page.header("Cache-Control")).isEqualTo("no-store");
      assertThat(page.body()).contains(a.code()).contains("Imminent risk").contains("north")
          .contains("<button type=\"submit\">Acknowledge</button>").doesNotContain(a.requestId());
      assertThat(acksOf(acks, a.alertId())).isZero();
      // When she acknowledges through it
      var done = call("POST", "/a/" + token, null, null);
      // Then one acknowledgement request is written, as her, via the link
      assertThat(done.status()).isEqualTo(200);
      assertThat(done.body()).contains("acknowledged alert " + a.code());
      AlertAckRequested req = acks.awaitValue(v -> v.alertId().equals(a.alertId()));
      assertThat(req.userId()).isEqualTo("sup-dana");
      assertThat(req.via()).isEqualTo(AlertVia.LINK);
      assertThat(req.requestId()).isEqualTo(a.requestId());
      // And a replay is refused and writes nothing
      assertThat(call("POST", "/a/" + token, null, null).status()).isEqualTo(409);
      assertThat(acksOf(acks, a.alertId())).isEqualTo(1);
    }
  }

  @Test
  void onceAcknowledgedTheLinkSaysByWhomAndOffersNoButton() {
    var a = IntakeAlertsTest.raiseAndPage("sup-ravi", Instant.now());
    String token = link(a.pageId(), Instant.now().plusSeconds(600));
    IntakeAlertsTest.acknowledged(a, "sup-dana", AlertVia.SMS);
    await().atMost(Duration.ofSeconds(10)).until(() -> call("GET", "/a/" + token, null, null).body()
        .contains("acknowledged by sup-dana"));
    assertThat(call("GET", "/a/" + token, null, null).body()).doesNotContain("<button");
    assertThat(call("POST", "/a/" + token, null, null).status()).isEqualTo(409);
  }

  @Test
  void forgedExpiredAndUnknownLinksAreRefusedAndWriteNothing() {
    var a = IntakeAlertsTest.raiseAndPage("sup-dana", Instant.now());
    try (var acks = new TestConsumer<>(Topics.ALERT_ACKS)) {
      // A link signed with another secret, an offer's link for the same id, an expired one
      String forged = OfferLinks.forPages("another-secret-of-some-length", Clock.systemUTC())
          .sign(new OfferLinks.Claims(a.pageId(), Instant.now().plusSeconds(600)));
      String offerLink = new OfferLinks(IntakeFixture.config().linkSecret(), Clock.systemUTC())
          .sign(new OfferLinks.Claims(a.pageId(), Instant.now().plusSeconds(600)));
      String expired = link(a.pageId(), Instant.now().minusSeconds(5));
      for (String token : new String[] {forged, offerLink, expired, "not-a-token"}) {
        assertThat(call("GET", "/a/" + token, null, null).status()).isEqualTo(403);
        assertThat(call("POST", "/a/" + token, null, null).status()).isEqualTo(403);
      }
      // A genuine link to a page intake has never seen
      String unknown = link(Ids.newId(), Instant.now().plusSeconds(600));
      assertThat(call("GET", "/a/" + unknown, null, null).status()).isEqualTo(404);
      assertThat(call("POST", "/a/" + unknown, null, null).status()).isEqualTo(404);
      assertThat(acksOf(acks, a.alertId())).isZero();
    }
    // And the alert is still open
    assertThat(IntakeAlertsTest.alert("open", a.alertId())).isNotNull();
  }
}

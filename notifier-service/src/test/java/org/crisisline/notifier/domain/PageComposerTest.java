package org.crisisline.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.crisisline.events.AlertPaged;
import org.crisisline.events.AlertReason;
import org.crisisline.events.AlertResolved;
import org.crisisline.events.OfferLinks;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.SampleEvents;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

class PageComposerTest {
  private static final Instant NOW = Instant.parse("2026-11-27T03:10:00Z");
  private final PageComposer composer = new PageComposer();

  /** A real page link: the production public URL shape and a token signed for a UUID page id. */
  private static String link(String publicUrl, String pageId) {
    OfferLinks links = OfferLinks.forPages("page-composer-test-secret", Clock.fixed(NOW, ZoneOffset.UTC));
    return publicUrl + "/a/" + links.sign(new OfferLinks.Claims(pageId, NOW.plus(Duration.ofHours(24))));
  }

  private static AlertPaged page(Urgency urgency, AlertReason reason, String region, Instant waitingSince) {
    AlertPaged p = SampleEvents.alertPaged();
    return new AlertPaged(p.eventId(), NOW, p.alertId(), p.pageId(), "K7Q2MZ", p.requestId(), region, urgency, reason,
        p.userId(), p.scheduleId(), 2, 1, waitingSince);
  }

  @Test
  void thePageSaysUrgencyRegionWaitCodeHowToAcknowledgeAndTheLink() {
    // Given a page for a request logged 12 minutes ago
    AlertPaged page = page(Urgency.IMMINENT_RISK, AlertReason.NO_COUNSELLOR_AVAILABLE, "north", NOW.minusSeconds(12 * 60 + 5));
    String link = link("https://crisisline.example.org", page.pageId());
    // When it is composed
    var texts = composer.page(page, link, NOW);
    // Then SMS and email say what the person needs to act, and the subject too
    for (String text : List.of(texts.smsBody(), texts.emailBody())) {
      assertThat(text).contains("IMMINENT RISK", "north", "12 min", "ACK K7Q2MZ", link);
    }
    assertThat(texts.emailSubject()).contains("ALERT", "K7Q2MZ", "IMMINENT RISK", "north").doesNotContain("\n");
    assertThat(texts.emailBody()).contains("no counsellor is available", "step 2");
  }

  @Test
  void withAProductionLengthLinkAndAnOrdinaryRegionTheFullSmsFits() {
    AlertPaged page = page(Urgency.IMMINENT_RISK, AlertReason.MISSED_OFFERS, "north", NOW.minus(Duration.ofMinutes(137)));
    String sms = composer.page(page, link("https://crisisline.example.org", page.pageId()), NOW).smsBody();
    assertThat(sms).startsWith("crisisline ALERT: IMMINENT RISK, north, waiting 2 h 17 min. Reply ACK K7Q2MZ\n");
  }

  @Test
  void thePageCarriesNoCallerDetail() {
    var caller = SampleEvents.helpRequestLogged();
    var texts = composer.page(page(Urgency.IMMINENT_RISK, AlertReason.ESCALATION, "north", NOW.minusSeconds(90)),
        link("https://crisisline.example.org", SampleEvents.alertPaged().pageId()), NOW);
    for (String text : List.of(texts.smsBody(), texts.emailSubject(), texts.emailBody())) {
      assertThat(text).doesNotContain(caller.postalCode()).doesNotContain("+1503555").doesNotContain(caller.requestId());
    }
  }

  @Test
  void theSmsWithItsLinkIsOneGsm7MessageForEveryUrgencyReasonAndLongRegions() {
    for (Urgency urgency : Urgency.values()) {
      for (AlertReason reason : AlertReason.values()) {
        for (String region : List.of("north", "north-east-coast-and-islands")) {
          // Given a page waiting hours, with a production-length link
          AlertPaged page = page(urgency, reason, region, NOW.minus(Duration.ofHours(2).plusMinutes(17)));
          String link = link("https://crisisline.example.org", page.pageId());
          // When composed
          String sms = composer.page(page, link, NOW).smsBody();
          // Then it is GSM-7, one SMS with the link, and still says how to acknowledge
          assertThat(Gsm7.isGsm7(sms)).as(sms).isTrue();
          assertThat(Gsm7.septets(sms)).as(sms).isLessThanOrEqualTo(Gsm7.SINGLE_SMS);
          assertThat(sms).contains("ACK K7Q2MZ", link);
        }
      }
    }
  }

  @Test
  void waitsReadAsPeopleSayThem() {
    assertThat(PageComposer.waited(Duration.ofSeconds(40))).isEqualTo("40 s");
    assertThat(PageComposer.waited(Duration.ofSeconds(12 * 60 + 59))).isEqualTo("12 min");
    assertThat(PageComposer.waited(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
    assertThat(PageComposer.waited(Duration.ofSeconds(-3))).isEqualTo("0 s");
  }

  @Test
  void theAllClearSaysWhichAlertHowItEndedAndThatNoActionIsNeeded() {
    for (RequestStatus resolution : List.of(RequestStatus.ACCEPTED, RequestStatus.CANCELLED, RequestStatus.EXPIRED,
        RequestStatus.COMPLETED)) {
      var texts = composer.allClear(new AlertResolved("e", NOW, "al-1", "K7Q2MZ", "req-1", resolution, List.of("sup-a")));
      String word = resolution.name().toLowerCase(java.util.Locale.ROOT);
      assertThat(texts.smsBody()).isEqualTo("crisisline: alert K7Q2MZ resolved (" + word + "), no action needed.");
      assertThat(texts.emailSubject()).contains("K7Q2MZ", word, "no action needed");
      assertThat(texts.emailBody()).contains("K7Q2MZ", word, "No action needed");
    }
  }
}

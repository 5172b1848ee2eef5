package org.crisisline.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.SampleEvents;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

class MessageComposerTest {
  private static final String LINK = "http://localhost:8080/r/abc.def";
  private final MessageComposer composer = new MessageComposer();

  @Test
  void theHandoffSaysUrgencyNeedLanguageRegionCodeExpiryAndTheLink() {
    // Given an offer to a responder
    OfferMade offer = SampleEvents.offerMade();
    // When it is composed
    var handoff = composer.compose(offer, LINK);
    // Then every channel carries what the responder needs and the signed link
    for (String text : new String[] {handoff.smsBody(), handoff.emailBody()}) {
      assertThat(text).contains("HIGH", "crisis counselling", "es", "north", "K7Q2MZ", LINK,
          MessageComposerTestSupport.expiry(offer));
    }
    assertThat(handoff.emailSubject()).contains("HIGH", "K7Q2MZ").doesNotContain("\n");
    assertThat(handoff.smsBody()).contains("YES K7Q2MZ", "NO K7Q2MZ");
  }

  @Test
  void theSmsWithoutItsLinkFitsOneGsm7MessageForEveryUrgencyAndNeed() {
    for (Urgency urgency : Urgency.values()) {
      for (Need need : Need.values()) {
        // Given the longest words the template can get
        OfferMade offer = new OfferMade("e", Instant.parse("2026-03-01T10:15:00Z"), "req", "off", "ABCDEF",
            "r-1", null, 1, Instant.parse("2026-03-01T10:16:00Z"), urgency, need, null, "pt-BR", "north-east-coast");
        // When composed
        String sms = composer.compose(offer, LINK).smsBody();
        // Then it is GSM-7 and, without the link, one single SMS
        assertThat(Gsm7.isGsm7(sms)).isTrue();
        assertThat(Gsm7.septets(MessageComposer.withoutLink(sms, LINK))).isLessThanOrEqualTo(Gsm7.SINGLE_SMS);
      }
    }
  }

  @Test
  void aReferralNamesTheKindOfServiceAndUsesTheReferralTemplates() {
    // Given a referral handoff to a local service
    OfferMade offer = new OfferMade("e", Instant.parse("2026-03-01T10:15:00Z"), "req", "off", "ABCDEF",
        null, "svc-1", 1, null, Urgency.LOW, Need.REFERRAL, ReferralKind.FAMILY_CAREGIVER_SUPPORT, "en", "south");
    // When composed
    var handoff = composer.compose(offer, LINK);
    // Then it reads as a referral
    assertThat(handoff.emailSubject()).startsWith("[crisisline] Referral").contains("family caregiver support");
    assertThat(handoff.smsBody()).contains("referral", "family caregiver support", LINK);
    assertThat(Gsm7.septets(MessageComposer.withoutLink(handoff.smsBody(), LINK))).isLessThanOrEqualTo(160);
  }

  @Test
  void nothingButTheOffersOwnFieldsCanReachTheText() {
    // Given the only inputs are OfferMade fields (it has no caller data) and the link
    var handoff = composer.compose(SampleEvents.offerMade(), LINK);
    // Then no placeholder is left unfilled and no caller-looking data appears
    assertThat(handoff.smsBody() + handoff.emailSubject() + handoff.emailBody())
        .doesNotContain("{{").doesNotContain("+1503").doesNotContain("@");
  }

  @Test
  void withARealSignedLinkTheSmsStaysGsm7AndWithinThreeConcatenatedParts() {
    // Given UUID ids as routing makes them, and a link signed as the notifier signs it
    OfferMade offer = new OfferMade("e", Instant.now(), java.util.UUID.randomUUID().toString(),
        java.util.UUID.randomUUID().toString(), "ABCDEF", "r-" + java.util.UUID.randomUUID(), null, 1,
        Instant.now().plusSeconds(60), Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING, null, "en", "north");
    String token = new org.crisisline.events.OfferLinks("a-test-secret-of-some-length", java.time.Clock.systemUTC())
        .sign(new org.crisisline.events.OfferLinks.Claims(offer.offerId(), offer.requestId(), offer.responderId(),
            offer.expiresAt()));
    String link = "https://crisisline.example.org/r/" + token;
    // When composed
    String sms = composer.compose(offer, link).smsBody();
    // Then the text part is one SMS and the whole, link included, at most 3 GSM-7 parts of 153
    assertThat(Gsm7.septets(MessageComposer.withoutLink(sms, link))).isLessThanOrEqualTo(160);
    assertThat(Gsm7.septets(sms)).isLessThanOrEqualTo(3 * 153);
  }
}

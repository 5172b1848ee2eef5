package org.crisisline.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.crisisline.events.Need;
import org.crisisline.events.OfferLinks;
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
  void withARealSignedLinkTheWholeSmsIsOneGsm7SegmentForEveryUrgencyAndNeed() {
    for (Urgency urgency : Urgency.values()) {
      for (Need need : Need.values()) {
        // Given UUID ids as routing makes them, the longest realistic language and region, and a
        // link signed as the notifier signs it under a realistic public URL
        OfferMade offer = responderOffer(urgency, need, "pt-BR");
        String link = realLink(offer);
        // When composed
        String sms = composer.compose(offer, link).smsBody();
        // Then the whole SMS, link included, is one GSM-7 segment that still says how to answer
        assertThat(Gsm7.isGsm7(sms)).isTrue();
        assertThat(Gsm7.septets(sms)).as(sms).isLessThanOrEqualTo(Gsm7.SINGLE_SMS);
        assertThat(sms).endsWith("\n" + link).contains("YES ABCDEF", MessageComposerTestSupport.expiry(offer));
      }
    }
  }

  @Test
  void theDeclineInstructionIsKeptWheneverItFitsInOneSegment() {
    // Given an everyday offer in a short language code
    OfferMade offer = responderOffer(Urgency.HIGH, Need.CRISIS_COUNSELLING, "es");
    // When composed with a real link
    String sms = composer.compose(offer, realLink(offer)).smsBody();
    // Then both answers are spelt out, and it is still one segment
    assertThat(sms).contains("Reply YES ABCDEF or NO ABCDEF");
    assertThat(Gsm7.septets(sms)).isLessThanOrEqualTo(Gsm7.SINGLE_SMS);
  }

  @Test
  void aReferralWithARealSignedLinkIsOneGsm7SegmentForEveryKind() {
    for (ReferralKind kind : ReferralKind.values()) {
      for (Urgency urgency : new Urgency[] {Urgency.HIGH, Urgency.MODERATE, Urgency.LOW}) {
        // Given a referral (never IMMINENT_RISK: that always goes to a counsellor)
        OfferMade offer = new OfferMade("e", Instant.now(), java.util.UUID.randomUUID().toString(),
            java.util.UUID.randomUUID().toString(), "ABCDEF", null, "svc-1", 1, Instant.now().plusSeconds(600),
            urgency, Need.REFERRAL, kind, "pt-BR", "north");
        String link = realLink(offer);
        // When composed, Then one segment
        String sms = composer.compose(offer, link).smsBody();
        assertThat(Gsm7.septets(sms)).as(sms).isLessThanOrEqualTo(Gsm7.SINGLE_SMS);
        assertThat(sms).endsWith(link);
      }
    }
  }

  private static OfferMade responderOffer(Urgency urgency, Need need, String language) {
    return new OfferMade("e", Instant.now(), java.util.UUID.randomUUID().toString(),
        java.util.UUID.randomUUID().toString(), "ABCDEF", "r-" + java.util.UUID.randomUUID(), null, 1,
        Instant.now().plusSeconds(60), urgency, need, null, language, "north");
  }

  private static String realLink(OfferMade offer) {
    String token = new OfferLinks("a-test-secret-of-some-length", java.time.Clock.systemUTC())
        .sign(new OfferLinks.Claims(offer.offerId(), offer.expiresAt()));
    return "https://crisisline.example.org/r/" + token;
  }
}

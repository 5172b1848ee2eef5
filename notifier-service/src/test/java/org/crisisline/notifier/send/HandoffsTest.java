package org.crisisline.notifier.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crisisline.events.Need;
import org.crisisline.events.OfferLinks;
import org.crisisline.events.OfferMade;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.SampleEvents;
import org.crisisline.events.Urgency;
import org.crisisline.notifier.domain.Contacts;
import org.crisisline.notifier.domain.OfferNotice;
import org.junit.jupiter.api.Test;

class HandoffsTest {
  private static final String SECRET = "a-link-secret-that-is-long-enough-for-hmac-0123456789";
  private static final Instant NOW = Instant.parse("2026-03-01T10:20:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Pattern LINK = Pattern.compile("https://crisisline\\.test/([a-z])/([A-Za-z0-9_.-]+)");

  private final Handoffs handoffs = new Handoffs(new Contacts(), new OfferLinks(SECRET, CLOCK),
      OfferLinks.forPages(SECRET, CLOCK), OfferLinks.forReferrals(SECRET, CLOCK), "https://crisisline.test",
      new org.crisisline.notifier.domain.CaringTemplates(null), CLOCK);

  @Test
  void aReferralCarriesTheServicesSignedAnswerLinkForFourteenDaysAndNoCallerDetail() {
    // Given a referral offer made to a local service
    Instant made = Instant.parse("2026-03-01T10:15:00Z");
    OfferMade referral = new OfferMade("e", made, "req-1", "off-ref-1", "REF234", null, "svc-1", 1, null,
        Urgency.HIGH, Need.REFERRAL, ReferralKind.SUPPORT_GROUP, "en", "north");
    // When its handoff is composed
    var handoff = handoffs.compose(new OfferNotice(referral), made.plusSeconds(3600));
    // Then both channels carry one /s/ link that verifies as a referral link for this offer only
    for (String text : new String[] {handoff.smsBody(), handoff.emailBody()}) {
      Matcher m = LINK.matcher(text);
      assertThat(m.find()).as("a link in %s", text).isTrue();
      assertThat(m.group(1)).isEqualTo("s");
      var claims = OfferLinks.forReferrals(SECRET, CLOCK).verify(m.group(2));
      assertThat(claims).isPresent();
      assertThat(claims.get().offerId()).isEqualTo("off-ref-1");
      assertThat(claims.get().expiresAt()).isEqualTo(made.plus(Handoffs.REFERRAL_LINK_TTL));
      // a responder's offer link key does not accept it
      assertThat(new OfferLinks(SECRET, CLOCK).verify(m.group(2))).isEmpty();
    }
    assertThat(handoff.emailBody()).contains("2026-03-15 10:15 UTC");
    // and nothing but the offer's own fields: no caller contact or summary can be in it
    String all = handoff.smsBody() + handoff.emailSubject() + handoff.emailBody();
    assertThat(all).doesNotContain("+1503", "@", "{{", "req-1");
  }

  @Test
  void anOfferToAResponderStillCarriesItsAnswerLink() {
    // Given an offer to a responder
    OfferMade offer = SampleEvents.offerMade();
    // When composed
    var handoff = handoffs.compose(new OfferNotice(offer), offer.expiresAt());
    // Then its link is the responder's /r/ link, not a referral link
    Matcher m = LINK.matcher(handoff.smsBody());
    assertThat(m.find()).isTrue();
    assertThat(m.group(1)).isEqualTo("r");
    assertThat(OfferLinks.forReferrals(SECRET, CLOCK).verify(m.group(2))).isEmpty();
  }
}

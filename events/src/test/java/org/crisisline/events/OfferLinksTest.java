package org.crisisline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class OfferLinksTest {
  static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
  final OfferLinks links = new OfferLinks("a-secret-of-enough-length", Clock.fixed(NOW, ZoneOffset.UTC));
  final OfferLinks.Claims claims = new OfferLinks.Claims("off-1", NOW.plusSeconds(60));

  @Test
  void aSignedTokenVerifiesToItsClaims() {
    assertThat(links.verify(links.sign(claims))).contains(claims);
  }

  @Test
  void aUuidOfferIdPacksIntoA44CharacterUrlSafeToken() {
    // Given an offer id as Ids.newId() makes them
    var uuidClaims = new OfferLinks.Claims(Ids.newId(), NOW.plusSeconds(120));
    // When signed
    String token = links.sign(uuidClaims);
    // Then the token is short, URL-safe, and verifies to the same id and expiry
    assertThat(token).hasSize(44).matches("[A-Za-z0-9_-]+");
    assertThat(links.verify(token)).contains(uuidClaims);
  }

  @Test
  void anIdThatIsNotACanonicalUuidStillRoundTripsExactly() {
    for (String id : new String[] {"ABCDEF01-2345-6789-ABCD-EF0123456789", "1-2-3-4-5", "off-ünïcode", "x"}) {
      var c = new OfferLinks.Claims(id, NOW.plusSeconds(30));
      assertThat(links.verify(links.sign(c))).contains(c);
    }
  }

  @Test
  void anExpiredTokenIsRefused() {
    String token = links.sign(claims);
    OfferLinks later = new OfferLinks("a-secret-of-enough-length", Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));

    assertThat(later.verify(token)).isEmpty();
  }

  @Test
  void aTamperedTokenOrAnotherSecretIsRefused() {
    // Given a genuine token
    String token = links.sign(claims);
    byte[] raw = Base64.getUrlDecoder().decode(token);
    // When any single bit of it is flipped, or it is checked with another secret, or it is junk
    for (int i = 0; i < raw.length; i++) {
      byte[] flipped = raw.clone();
      flipped[i] ^= 1;
      assertThat(links.verify(Base64.getUrlEncoder().withoutPadding().encodeToString(flipped))).isEmpty();
    }
    // Then it is refused, never with an exception
    assertThat(new OfferLinks("another-secret-of-length", Clock.fixed(NOW, ZoneOffset.UTC)).verify(token)).isEmpty();
    assertThat(links.verify(token.substring(0, token.length() - 2))).isEmpty();
    assertThat(links.verify("garbage")).isEmpty();
    assertThat(links.verify("a.b")).isEmpty();
    assertThat(links.verify("")).isEmpty();
    assertThat(links.verify(null)).isEmpty();
  }

  @Test
  void aPageLinkAndAnOfferLinkNeverStandForEachOther() {
    // Given page links signed with the same secret as offer links
    OfferLinks pages = OfferLinks.forPages("a-secret-of-enough-length", Clock.fixed(NOW, ZoneOffset.UTC));
    var page = new OfferLinks.Claims(Ids.newId(), NOW.plusSeconds(60));

    // Then each verifies only as what it was made for, and a page token still fits an SMS
    assertThat(pages.verify(pages.sign(page))).contains(page);
    assertThat(links.verify(pages.sign(page))).isEmpty();
    assertThat(pages.verify(links.sign(page))).isEmpty();
    assertThat(pages.sign(page)).hasSize(44);
  }

  @Test
  void aReferralLinkStandsForNoOfferOrPage() {
    // Given referral links signed with the same secret as offer and page links
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    OfferLinks referrals = OfferLinks.forReferrals("a-secret-of-enough-length", clock);
    OfferLinks pages = OfferLinks.forPages("a-secret-of-enough-length", clock);
    var referral = new OfferLinks.Claims(Ids.newId(), NOW.plusSeconds(14 * 86_400));

    // Then a referral token verifies only as a referral's, and no other kind verifies as one
    assertThat(referrals.verify(referrals.sign(referral))).contains(referral);
    assertThat(links.verify(referrals.sign(referral))).isEmpty();
    assertThat(pages.verify(referrals.sign(referral))).isEmpty();
    assertThat(referrals.verify(links.sign(referral))).isEmpty();
    assertThat(referrals.verify(pages.sign(referral))).isEmpty();
  }

  @Test
  void anExpiryOutsideFourUnsignedBytesIsRefusedWhenSigning() {
    assertThatThrownBy(() -> new OfferLinks.Claims("off-1", Instant.parse("2107-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

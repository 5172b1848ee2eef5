package org.crisisline.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class OfferLinksTest {
  static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
  final OfferLinks links = new OfferLinks("a-secret-of-enough-length", Clock.fixed(NOW, ZoneOffset.UTC));
  final OfferLinks.Claims claims = new OfferLinks.Claims("off-1", "req-1", "r-ana", NOW.plusSeconds(60));

  @Test
  void aSignedTokenVerifiesToItsClaims() {
    assertThat(links.verify(links.sign(claims))).contains(claims);
  }

  @Test
  void anExpiredTokenIsRefused() {
    String token = links.sign(claims);
    OfferLinks later = new OfferLinks("a-secret-of-enough-length", Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));

    assertThat(later.verify(token)).isEmpty();
  }

  @Test
  void aTamperedTokenOrAnotherSecretIsRefused() {
    String token = links.sign(claims);
    String otherBody = links.sign(new OfferLinks.Claims("off-1", "req-1", "r-ben", NOW.plusSeconds(60)));
    String forged = otherBody.substring(0, otherBody.indexOf('.')) + token.substring(token.indexOf('.'));

    assertThat(links.verify(forged)).isEmpty();
    assertThat(new OfferLinks("another-secret-of-length", Clock.fixed(NOW, ZoneOffset.UTC)).verify(token)).isEmpty();
    assertThat(links.verify("garbage")).isEmpty();
    assertThat(links.verify("a.b")).isEmpty();
    assertThat(links.verify(null)).isEmpty();
  }
}

package org.crisisline.intake.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

class OfferViewSweepTest {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  private static OfferMade offer(String id, Instant expires) {
    return new OfferMade("e-" + id, expires.minusSeconds(60), "req-" + id, id, "K" + id, "r-ana", null, 1, expires,
        Urgency.HIGH, Need.CRISIS_COUNSELLING, null, "en", "north");
  }

  @Test
  void offersExpiredBeforeTheWindowLeaveAndOutstandingOnesStay() {
    OfferView view = new OfferView();
    view.apply(offer("old", NOW.minus(Duration.ofHours(40))));
    view.apply(offer("recent", NOW.minus(Duration.ofHours(1))));
    view.apply(offer("open", NOW.plusSeconds(30)));

    assertThat(view.sweep(NOW.minus(Duration.ofHours(36)))).isEqualTo(1);

    assertThat(view.get("old")).isEmpty();
    assertThat(view.get("recent")).isPresent();
    assertThat(view.outstandingFor("r-ana", NOW)).extracting(s -> s.offer().offerId()).containsExactly("open");
    assertThat(view.size()).isEqualTo(2);
  }
}

package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.crisisline.events.Need;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

/** Which eligible responder is offered a request (the rule: {@link org.crisisline.routing.rules.ResponderChoice}). */
class ResponderChoiceRoutingTest {

  @Test
  void choiceIsLongestIdleFirst() {
    try (RoutingDriver d = new RoutingDriver()) {
      d.counsellor("r-first");
      d.advance(Duration.ofSeconds(10));
      d.counsellor("r-second");
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      d.request("req-2", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      assertThat(d.lastOffer("req-1").responderId()).isEqualTo("r-first");
      assertThat(d.lastOffer("req-2").responderId()).isEqualTo("r-second");
    }
  }
}

package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

/** Which waiting request is offered first (the rule: {@link org.crisisline.routing.rules.WaitingOrder}). */
class WaitingOrderRoutingTest {

  @Test
  void waitingOrderIsUrgencyThenWaitTime() {
    try (RoutingDriver d = new RoutingDriver()) {
      // Given a MODERATE request, then two HIGH ones, all waiting
      d.request("moderate", Urgency.MODERATE, Need.CRISIS_COUNSELLING, "en", "north");
      d.advance(Duration.ofSeconds(10));
      d.request("high-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      d.advance(Duration.ofSeconds(10));
      d.request("high-2", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      // When one counsellor serves them one at a time
      d.counsellor("r-ana");
      for (int i = 0; i < 2; i++) {
        OfferMade o = d.offers().get(d.offers().size() - 1);
        d.accept(o);
        d.complete(o.requestId(), "r-ana");
      }
      // Then the order is HIGH by wait time, then MODERATE
      assertThat(d.offers()).extracting(OfferMade::requestId).containsExactly("high-1", "high-2", "moderate");
    }
  }

  @Test
  void lowUrgencyIsEventuallyServedUnderSustainedHighLoad() {
    try (RoutingDriver d = new RoutingDriver()) {
      // Given a LOW request waiting, and one counsellor kept busy by a new HIGH request every minute
      d.counsellor("r-ana");
      d.request("busy", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      d.accept(d.lastOffer("busy"));
      d.request("low", Urgency.LOW, Need.CRISIS_COUNSELLING, "en", "north");
      String current = "busy";
      for (int minute = 1; minute <= 30 && d.offersFor("low").isEmpty(); minute++) {
        d.advance(Duration.ofSeconds(30));
        d.request("high-" + minute, Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
        d.advance(Duration.ofSeconds(30));
        // When the counsellor finishes one and takes the next one offered
        d.complete(current, "r-ana");
        OfferMade next = d.offers().get(d.offers().size() - 1);
        d.accept(next);
        current = next.requestId();
      }
      // Then LOW is offered within its aging allowance (15 min) plus one service time,
      // ahead of the HIGH requests that arrived after that allowance
      assertThat(d.offersFor("low")).hasSize(1);
      Duration waited = Duration.between(RoutingDriver.T0, d.offersFor("low").get(0).occurredAt());
      assertThat(waited).isLessThanOrEqualTo(Duration.ofMinutes(16));
      assertThat(d.offers().stream().filter(o -> o.urgency() == Urgency.HIGH).count()).isGreaterThan(10);
    }
  }
}

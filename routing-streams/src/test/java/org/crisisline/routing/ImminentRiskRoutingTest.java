package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.crisisline.events.EscalationStep;
import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;
import org.crisisline.routing.market.RoutingPolicy;
import org.junit.jupiter.api.Test;

/** IMMINENT_RISK end to end through the topology (the rule: {@link org.crisisline.routing.rules.ImminentRiskPolicy}). */
class ImminentRiskRoutingTest {

  @Test
  void imminentRiskGoesAheadOfEveryWaitingRequest() {
    try (RoutingDriver d = new RoutingDriver()) {
      // Given HIGH, MODERATE and LOW requests waiting for a while, with nobody available
      d.request("high", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      d.request("moderate", Urgency.MODERATE, Need.CRISIS_COUNSELLING, "en", "north");
      d.request("low", Urgency.LOW, Need.CRISIS_COUNSELLING, "en", "north");
      d.advance(Duration.ofSeconds(50));
      // When an IMMINENT_RISK request arrives last, then a counsellor becomes available
      d.request("imminent", Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING, "en", "north");
      d.counsellor("r-ana");
      // Then the imminent request is offered first, and nothing else is offered
      assertThat(d.offers()).extracting(OfferMade::requestId).containsExactly("imminent");
    }
  }

  @Test
  void imminentRiskGoesToAHotlineCounsellorWhateverTheStatedNeed() {
    try (RoutingDriver d = new RoutingDriver()) {
      // Given only a peer specialist is available
      d.responder("r-peer", ResponderKind.PEER_SPECIALIST, "north", List.of("en"), List.of(), 1);
      d.status("r-peer", ResponderStatus.AVAILABLE);
      // When an IMMINENT_RISK request asks for peer support
      d.request("req-1", Urgency.IMMINENT_RISK, Need.PEER_SUPPORT, "en", "north");
      // Then the peer specialist is not offered it; a counsellor is, as soon as one is available
      assertThat(d.offersFor("req-1")).isEmpty();
      d.counsellor("r-ana");
      assertThat(d.lastOffer("req-1").responderId()).isEqualTo("r-ana");
    }
  }

  @Test
  void imminentRiskNeverWaitsForASpecialist() {
    try (RoutingDriver d = new RoutingDriver()) {
      // Given only a generalist counsellor is free
      d.counsellor("r-general");
      // When an IMMINENT_RISK request asks for a veterans specialist
      d.request("req-1", Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING, "en", "north", "VETERANS");
      // Then the generalist is offered it at once
      assertThat(d.lastOffer("req-1").responderId()).isEqualTo("r-general");
    }
  }

  @Test
  void imminentRiskSlaBreachAlertsSupervisorsAndMovesToTheEmergencyPool() {
    RoutingPolicy policy = RoutingPolicy.defaults().with(Map.of("sla.IMMINENT_RISK", "30",
        "emergency.region", "emergency", "offer.timeout.IMMINENT_RISK", "20",
        "regions", "north,south,east,emergency", "backup.north", "south", "backup.south", "north",
        "backup.east", "north"));
    try (RoutingDriver d = new RoutingDriver(policy)) {
      d.responder("r-999", ResponderKind.HOTLINE_COUNSELLOR, "emergency", List.of("en"), List.of(), 1);
      d.status("r-999", ResponderStatus.AVAILABLE);
      d.request("req-1", Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING, "en", "north");
      // Step 1 at 30 s: roll over to south (nobody there either); step 2 at 60 s: alert + emergency pool
      d.advanceInSteps(Duration.ofSeconds(62), Duration.ofSeconds(2));
      assertThat(d.statuses("req-1")).extracting(RequestStatusChanged::reason)
          .anyMatch(r -> r.contains("rolled over to backup region south"))
          .anyMatch(r -> r.startsWith("SUPERVISOR ALERT") && r.contains("emergency pool emergency"));
      assertThat(d.statuses("req-1")).filteredOn(s -> s.kind() == StatusKind.ALERT).singleElement()
          .satisfies(s -> {
            assertThat(s.escalationStep()).isEqualTo(EscalationStep.MOVED_TO_POOL);
            assertThat(s.region()).isEqualTo("emergency");
          });
      assertThat(d.lastOffer("req-1").responderId()).isEqualTo("r-999");
    }
  }
}

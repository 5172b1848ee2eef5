package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

/** Who may be offered a request (the rule: {@link org.crisisline.routing.rules.Eligibility}). */
class EligibilityRoutingTest {

  @Test
  void aRequestWaitsUntilAResponderOfTheRightKindLanguageAndRegionIsAvailable() {
    try (RoutingDriver d = new RoutingDriver()) {
      // Given only a Spanish speaker, a south counsellor, and a peer specialist
      d.responder("r-es", org.crisisline.events.ResponderKind.HOTLINE_COUNSELLOR, "north", List.of("es"), List.of(), 1);
      d.status("r-es", org.crisisline.events.ResponderStatus.AVAILABLE);
      d.responder("r-south", org.crisisline.events.ResponderKind.HOTLINE_COUNSELLOR, "south", List.of("en"), List.of(), 1);
      d.status("r-south", org.crisisline.events.ResponderStatus.AVAILABLE);
      d.responder("r-peer", org.crisisline.events.ResponderKind.PEER_SPECIALIST, "north", List.of("en"), List.of(), 1);
      d.status("r-peer", org.crisisline.events.ResponderStatus.AVAILABLE);
      // When an English crisis request arrives in north
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      // Then nobody is offered it: it is QUEUED
      assertThat(d.offersFor("req-1")).isEmpty();
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.QUEUED);
      // When a matching counsellor becomes available, then it is offered at once
      d.counsellor("r-ana");
      assertThat(d.lastOffer("req-1").responderId()).isEqualTo("r-ana");
    }
  }

  @Test
  void peerSupportGoesToAPeerSpecialistAndNotToACounsellor() {
    try (RoutingDriver d = new RoutingDriver()) {
      d.counsellor("r-ana");
      d.responder("r-peer", ResponderKind.PEER_SPECIALIST, "north", List.of("en"), List.of(), 1);
      d.status("r-peer", ResponderStatus.AVAILABLE);
      d.request("req-1", Urgency.MODERATE, Need.PEER_SUPPORT, "en", "north");
      assertThat(d.lastOffer("req-1").responderId()).isEqualTo("r-peer");
    }
  }

  @Test
  void languageIsRequired() {
    try (RoutingDriver d = new RoutingDriver()) {
      d.responder("r-es", ResponderKind.HOTLINE_COUNSELLOR, "north", List.of("es"), List.of(), 1);
      d.status("r-es", ResponderStatus.AVAILABLE);
      d.request("req-en", Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING, "en", "north");
      d.request("req-es", Urgency.LOW, Need.CRISIS_COUNSELLING, "ES", "north");
      assertThat(d.offersFor("req-en")).isEmpty();
      assertThat(d.lastOffer("req-es").responderId()).isEqualTo("r-es");
    }
  }

  @Test
  void aResponderIsNeverOfferedMoreThanTheirCapacity() {
    try (RoutingDriver d = new RoutingDriver()) {
      // Given a responder who can hold two requests
      d.responder("r-ana", ResponderKind.HOTLINE_COUNSELLOR, "north", List.of("en"), List.of(), 2);
      d.status("r-ana", ResponderStatus.AVAILABLE);
      // When three requests arrive
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      d.request("req-2", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      d.request("req-3", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      // Then two are offered and the third waits until one is completed
      assertThat(d.offers()).extracting(OfferMade::requestId).containsExactly("req-1", "req-2");
      d.accept(d.lastOffer("req-1"));
      d.complete("req-1", "r-ana");
      assertThat(d.lastOffer("req-3").responderId()).isEqualTo("r-ana");
    }
  }

  @Test
  void declinedOfferIsNeverReofferedToTheSameResponder() {
    try (RoutingDriver d = new RoutingDriver()) {
      // Given the only available responder declines
      d.counsellor("r-ana");
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      d.decline(d.lastOffer("req-1"));
      // Then, though still available, they are not offered it again
      assertThat(d.offersFor("req-1")).hasSize(1);
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.QUEUED);
      // ...even after they go away and come back
      d.status("r-ana", ResponderStatus.BUSY);
      d.status("r-ana", ResponderStatus.AVAILABLE);
      assertThat(d.offersFor("req-1")).hasSize(1);
      // When another responder becomes available, then they get it
      d.counsellor("r-ben");
      assertThat(d.lastOffer("req-1").responderId()).isEqualTo("r-ben");
      assertThat(d.lastOffer("req-1").attempt()).isEqualTo(2);
    }
  }
}

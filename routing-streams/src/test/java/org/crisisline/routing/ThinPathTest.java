package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

class ThinPathTest {

  @Test
  void aRequestIsQueuedOfferedAcceptedAndCompleted() {
    try (RoutingDriver d = new RoutingDriver()) {
      // Given an available counsellor in north who speaks English
      d.counsellor("r-ana");
      // When staff log a HIGH crisis request in north, in English
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      // Then it is queued, then offered to Ana
      OfferMade offer = d.lastOffer("req-1");
      assertThat(offer).isNotNull();
      assertThat(offer.responderId()).isEqualTo("r-ana");
      assertThat(offer.region()).isEqualTo("north");
      assertThat(offer.attempt()).isEqualTo(1);
      assertThat(d.statuses("req-1")).extracting(RequestStatusChanged::status)
          .containsExactly(RequestStatus.QUEUED, RequestStatus.OFFERED);
      // When Ana accepts, then completes
      d.accept(offer);
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.ACCEPTED);
      d.complete("req-1", "r-ana");
      // Then the request is COMPLETED, once
      assertThat(d.statuses("req-1")).extracting(RequestStatusChanged::status)
          .containsExactly(RequestStatus.QUEUED, RequestStatus.OFFERED, RequestStatus.ACCEPTED, RequestStatus.COMPLETED);
    }
  }

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
  void declineThenNextResponderAndCancelEndsInCancelled() {
    try (RoutingDriver d = new RoutingDriver()) {
      d.counsellor("r-a");
      d.request("req-1", Urgency.MODERATE, Need.CRISIS_COUNSELLING, "en", "north");
      OfferMade first = d.lastOffer("req-1");
      d.counsellor("r-b");
      // When the first responder declines
      d.decline(first);
      // Then the other responder is offered it
      assertThat(d.lastOffer("req-1").responderId()).isEqualTo("r-b");
      // When staff cancel
      d.cancel("req-1");
      // Then it is CANCELLED and the outstanding offer rescinded
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.CANCELLED);
      assertThat(d.rescinds()).extracting(r -> r.offerId())
          .contains(first.offerId(), d.lastOffer("req-1").offerId());
    }
  }
}

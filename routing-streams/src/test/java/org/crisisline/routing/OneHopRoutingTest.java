package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.crisisline.events.Event;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.OfferAccepted;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RegionPartitions;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.Urgency;
import org.crisisline.routing.market.RoutingPolicy;
import org.crisisline.routing.streams.MarketMessage;
import org.junit.jupiter.api.Test;

/**
 * One routing hop for a request whose id is aligned with its region, the re-key topic for every
 * other. The driver runs the task of partition 0 of 3: "east" is that partition's region, "north"
 * another's (checked first, so a change of hash cannot quietly make these tests vacuous).
 */
class OneHopRoutingTest {
  private static final int PARTITIONS = 3;

  @Test
  void theRegionsUsedHereLandWhereTheTestsSay() {
    assertThat(RegionPartitions.of("east", PARTITIONS)).isZero();
    assertThat(RegionPartitions.of("north", PARTITIONS)).isNotZero();
  }

  @Test
  void anAlignedRequestAndItsAnswersReachTheMarketWithoutTheReKeyTopic() {
    try (RoutingDriver d = new RoutingDriver(RoutingPolicy.defaults(), PARTITIONS)) {
      counsellorIn(d, "r-east", "east");
      d.reKeyed();
      String id = RegionPartitions.requestIdIn("east", PARTITIONS);
      d.request(id, Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "east");
      OfferMade offer = d.lastOffer(id);
      assertThat(offer).isNotNull();
      d.accept(offer);
      assertThat(d.status(id)).isEqualTo(RequestStatus.ACCEPTED);
      d.complete(id, "r-east");
      assertThat(d.status(id)).isEqualTo(RequestStatus.COMPLETED);
      // Only the responder's own changes (freed capacity) crossed -markets: nothing of the request.
      assertThat(events(d.reKeyed())).isEmpty();
    }
  }

  @Test
  void aRequestWhoseIdIsNotAlignedIsReKeyedAndSoAreItsAnswers() {
    try (RoutingDriver d = new RoutingDriver(RoutingPolicy.defaults(), PARTITIONS)) {
      counsellorIn(d, "r-east", "east");
      d.reKeyed();
      String id = notAlignedWith("east");
      d.request(id, Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "east");
      OfferMade offer = d.lastOffer(id);
      assertThat(offer).isNotNull();
      d.accept(offer);
      assertThat(d.status(id)).isEqualTo(RequestStatus.ACCEPTED);
      assertThat(events(d.reKeyed())).hasSize(2)
          .hasExactlyElementsOfTypes(HelpRequestLogged.class, OfferAccepted.class);
    }
  }

  @Test
  void anAlignedRequestOfARegionThisTaskDoesNotHoldIsReKeyedNotLost() {
    // As if help-requests had more partitions than the rest: the record reached the wrong task.
    try (RoutingDriver d = new RoutingDriver(RoutingPolicy.defaults(), PARTITIONS)) {
      d.counsellor("r-north");
      d.reKeyed();
      String id = RegionPartitions.requestIdIn("north", PARTITIONS);
      d.request(id, Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      assertThat(events(d.reKeyed())).hasExactlyElementsOfTypes(HelpRequestLogged.class);
      OfferMade offer = d.lastOffer(id);
      assertThat(offer).isNotNull();
      d.accept(offer);
      assertThat(d.status(id)).isEqualTo(RequestStatus.ACCEPTED);
    }
  }

  @Test
  void anAnswerForARequestNoMarketHoldsChangesNothing() {
    try (RoutingDriver d = new RoutingDriver(RoutingPolicy.defaults(), PARTITIONS)) {
      counsellorIn(d, "r-east", "east");
      d.accept(RegionPartitions.requestIdIn("east", PARTITIONS), Ids.newId(), "r-east");
      assertThat(d.allStatuses()).isEmpty();
      assertThat(d.offers()).isEmpty();
    }
  }

  private static void counsellorIn(RoutingDriver d, String id, String region) {
    d.responder(id, ResponderKind.HOTLINE_COUNSELLOR, region, List.of("en"), List.of(), 1);
    d.status(id, ResponderStatus.AVAILABLE);
  }

  private static String notAlignedWith(String region) {
    while (true) {
      String id = Ids.newId();
      if (!RegionPartitions.aligned(id, region, PARTITIONS)) {
        return id;
      }
    }
  }

  private static List<Event> events(List<MarketMessage> reKeyed) {
    return reKeyed.stream().map(MarketMessage::event).filter(e -> e != null).toList();
  }
}

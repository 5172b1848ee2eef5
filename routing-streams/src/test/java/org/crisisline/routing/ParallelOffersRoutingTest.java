package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.OfferRescinded;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;
import org.crisisline.routing.market.RoutingPolicy;
import org.junit.jupiter.api.Test;

/** {@code offer.parallel.<URGENCY>}: several offers at once, the first accept wins. */
class ParallelOffersRoutingTest {

  @Test
  void imminentRiskIsOfferedToSeveralCounsellorsAndTheFirstAcceptWins() {
    try (RoutingDriver d = new RoutingDriver()) {
      // Given four counsellors available
      for (String r : List.of("r-ana", "r-ben", "r-cy", "r-dee")) {
        d.counsellor(r);
      }
      // When an IMMINENT_RISK request arrives, it is offered to three of them at once (the default)
      d.request("req-1", Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING, "en", "north");
      List<OfferMade> offers = d.offersFor("req-1");
      assertThat(offers).hasSize(3);
      assertThat(offers).extracting(OfferMade::responderId).doesNotHaveDuplicates();
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.OFFERED);
      // When the second one offered accepts first
      OfferMade winner = offers.get(1);
      d.accept(winner);
      // Then it is theirs, and the two other offers are rescinded at once
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.ACCEPTED);
      List<OfferRescinded> rescinded = d.rescinds().stream().filter(r -> r.requestId().equals("req-1")).toList();
      assertThat(rescinded).extracting(OfferRescinded::offerId)
          .containsExactlyInAnyOrder(offers.get(0).offerId(), offers.get(2).offerId());
      assertThat(rescinded).allSatisfy(r -> assertThat(r.reason()).contains("accepted by another responder"));
      // And a late accept of a rescinded offer is refused and changes nothing
      d.accept(offers.get(0));
      assertThat(d.statuses("req-1")).last().satisfies(s -> {
        assertThat(s.kind()).isEqualTo(StatusKind.ANSWER_REJECTED);
        assertThat(s.reason()).contains("was rescinded");
      });
      assertThat(d.statuses("req-1")).filteredOn(s -> s.status() == RequestStatus.ACCEPTED && !s.isRejectedAnswer())
          .singleElement().extracting(RequestStatusChanged::responderId).isEqualTo(winner.responderId());
      // And those released are free at once: the next request goes to one of them (or the fourth)
      d.request("req-2", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      assertThat(d.offersFor("req-2")).singleElement().extracting(OfferMade::responderId)
          .isNotEqualTo(winner.responderId());
    }
  }

  @Test
  void aDeclineAmongParallelOffersKeepsTheOthersAndOffersTheNextButNeverTheDecliner() {
    try (RoutingDriver d = new RoutingDriver()) {
      for (String r : List.of("r-ana", "r-ben", "r-cy", "r-dee")) {
        d.counsellor(r);
      }
      d.request("req-1", Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING, "en", "north");
      List<OfferMade> first = d.offersFor("req-1");
      d.decline(first.get(0));
      // The request stays OFFERED to the two others and is offered to the fourth counsellor
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.OFFERED);
      List<OfferMade> all = d.offersFor("req-1");
      assertThat(all).hasSize(4);
      assertThat(all.get(3).responderId()).isNotIn(first.stream().map(OfferMade::responderId).toList());
      // Every other counsellor declines too: nobody is left, the decliners are never offered it again
      all.subList(1, 4).forEach(d::decline);
      assertThat(d.offersFor("req-1")).hasSize(4);
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.QUEUED);
    }
  }

  @Test
  void otherUrgenciesAreOfferedToOneAtATimeUnlessThePolicySaysOtherwise() {
    try (RoutingDriver d = new RoutingDriver()) {
      d.counsellor("r-ana");
      d.counsellor("r-ben");
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      assertThat(d.offersFor("req-1")).hasSize(1);
    }
    try (RoutingDriver d = new RoutingDriver(RoutingPolicy.defaults().with(Map.of("offer.parallel.HIGH", "2",
        "offer.parallel.IMMINENT_RISK", "1")))) {
      d.counsellor("r-ana");
      d.counsellor("r-ben");
      d.counsellor("r-cy");
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      assertThat(d.offersFor("req-1")).hasSize(2);
      d.request("req-2", Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING, "en", "north");
      assertThat(d.offersFor("req-2")).hasSize(1);
    }
  }
}

package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.CancelReason;
import org.crisisline.events.DeclineReason;
import org.crisisline.events.Disposition;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.OfferDeclined;
import org.crisisline.events.PiiCipher;
import org.crisisline.events.RequestCancelled;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;
import org.crisisline.routing.market.RoutingPolicy;
import org.junit.jupiter.api.Test;

/** A request from logged to closed: offers, answers, timeouts, failures, cancellation, expiry. */
class OfferLifecycleTest {

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
  void statusReasonsCarryTheCodesAndNeverTheSealedWords() {
    PiiCipher cipher = PiiCipher.fromKeyring(PiiCipher.generateKeyring("k1"));
    try (RoutingDriver d = new RoutingDriver()) {
      // Given two requests, one declined then completed, one cancelled, each with words of a person
      d.counsellor("r-a");
      d.counsellor("r-b");
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      OfferMade first = d.lastOffer("req-1");
      d.answer(new OfferDeclined(Ids.newId(), d.now(), "req-1", first.offerId(), first.responderId(),
          DeclineReason.CONFLICT_OF_INTEREST, cipher.seal(OfferDeclined.NOTE_FIELD, "req-1", "she is my neighbour"),
          AnswerVia.API));
      OfferMade second = d.lastOffer("req-1");
      d.accept(second);
      d.answer(new RequestCompleted(Ids.newId(), d.now(), "req-1", second.responderId(), Disposition.SAFETY_PLAN_MADE,
          cipher.seal(RequestCompleted.NOTE_FIELD, "req-1", "talked about the bridge")));
      d.request("req-2", Urgency.MODERATE, Need.CRISIS_COUNSELLING, "en", "north");
      d.requestEvent(new RequestCancelled(Ids.newId(), d.now(), "req-2", "staff", CancelReason.DUPLICATE,
          cipher.seal(RequestCancelled.NOTE_FIELD, "req-2", "same caller as req-1")));
      // Then request-status says what happened in codes, and no word of the notes
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.COMPLETED);
      assertThat(d.status("req-2")).isEqualTo(RequestStatus.CANCELLED);
      List<String> reasons = d.statusEvents.stream().map(RequestStatusChanged::reason).toList();
      assertThat(reasons).anyMatch(r -> r.contains("CONFLICT_OF_INTEREST"))
          .anyMatch(r -> r.contains("SAFETY_PLAN_MADE")).anyMatch(r -> r.contains("DUPLICATE"))
          .noneMatch(r -> r.contains("neighbour") || r.contains("bridge") || r.contains("same caller"));
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

  @Test
  void offerTimeoutSetsResponderAwayAndReoffers() {
    try (RoutingDriver d = new RoutingDriver()) {
      d.counsellor("r-ana");
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      OfferMade first = d.lastOffer("req-1");
      d.counsellor("r-ben");
      // When Ana lets the offer time out (HIGH: 60 s)
      d.advance(Duration.ofSeconds(61));
      // Then the offer is rescinded, Ben is offered it, and the reason says Ana was set AWAY
      assertThat(d.rescinds()).extracting(r -> r.offerId()).contains(first.offerId());
      assertThat(d.lastOffer("req-1").responderId()).isEqualTo("r-ben");
      assertThat(d.statuses("req-1")).extracting(RequestStatusChanged::reason)
          .anyMatch(r -> r.contains("timed out") && r.contains("r-ana set AWAY"));
      // And Ana gets no new offer while AWAY, and the snapshot shows why
      d.request("req-2", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      assertThat(d.offersFor("req-2")).isEmpty();
      d.advance(Duration.ofSeconds(2));
      assertThat(d.snapshots()).anySatisfy(s -> assertThat(s.value().awayReasons())
          .containsEntry("r-ana", "missed offer " + first.offerId() + " (no answer in 60s)"));
      // When Ana sets herself available again, she is offered the waiting request
      d.status("r-ana", ResponderStatus.AVAILABLE);
      assertThat(d.lastOffer("req-2").responderId()).isEqualTo("r-ana");
    }
  }

  @Test
  void anAcceptGivenInTimeButReadAfterTheExpiryBehindABacklogIsHonoured() {
    try (RoutingDriver d = new RoutingDriver()) {
      // Given Ana is offered a HIGH request (60 s to answer)
      OfferMade offer = offeredToAnaWithACounsellorInSouth(d);
      java.time.Instant given = d.now().plusSeconds(59);
      // When routing falls 5 s behind its input and the wall clock passes the expiry
      d.advanceBehind(Duration.ofSeconds(62), Duration.ofSeconds(5), "r-south");
      // Then the offer has not timed out: what Ana answered by then is not read yet
      assertThat(d.rescinds()).extracting(r -> r.offerId()).doesNotContain(offer.offerId());
      // When her accept, given a second before the expiry, is read
      d.acceptGivenAt(offer, given);
      // Then it is honoured, and Ana was never set AWAY
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.ACCEPTED);
      assertThat(d.statuses("req-1")).extracting(RequestStatusChanged::reason).noneMatch(r -> r.contains("AWAY"));
    }
  }

  @Test
  void anOfferTimesOutOnceTheInputHasReachedItsExpiry() {
    try (RoutingDriver d = new RoutingDriver()) {
      // Given Ana is offered a HIGH request, and routing reads its input 5 s behind
      OfferMade offer = offeredToAnaWithACounsellorInSouth(d);
      // When the input itself passes the expiry with no answer from Ana
      d.advanceBehind(Duration.ofSeconds(67), Duration.ofSeconds(5), "r-south");
      // Then the offer times out and Ana is set AWAY, as without the backlog
      assertThat(d.rescinds()).extracting(r -> r.offerId()).contains(offer.offerId());
      assertThat(d.statuses("req-1")).extracting(RequestStatusChanged::reason)
          .anyMatch(r -> r.contains("timed out") && r.contains("r-ana set AWAY"));
    }
  }

  /** Ana in north is offered HIGH request req-1; r-south, in another region, feeds the backlog. */
  private static OfferMade offeredToAnaWithACounsellorInSouth(RoutingDriver d) {
    d.counsellor("r-ana");
    d.responder("r-south", ResponderKind.HOTLINE_COUNSELLOR, "south", List.of("en"), List.of(), 1);
    d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
    return d.lastOffer("req-1");
  }

  @Test
  void deliveryFailureOnEveryChannelReoffersAtOnce() {
    try (RoutingDriver d = new RoutingDriver()) {
      d.counsellor("r-ana");
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      d.counsellor("r-ben");
      d.allChannelsFailed(d.lastOffer("req-1"));
      assertThat(d.lastOffer("req-1").responderId()).isEqualTo("r-ben");
      assertThat(d.statuses("req-1")).extracting(RequestStatusChanged::reason)
          .anyMatch(r -> r.contains("every channel failed"));
    }
  }

  @Test
  void lateDuplicateAndRescindedAnswersAreRejectedWithAStatusEvent() {
    try (RoutingDriver d = new RoutingDriver()) {
      d.counsellor("r-ana");
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      OfferMade first = d.lastOffer("req-1");
      d.counsellor("r-ben");
      d.advance(Duration.ofSeconds(61));
      // When Ana accepts after her offer timed out
      d.accept(first);
      // Then it is rejected, not applied
      assertThat(d.statuses("req-1")).last().satisfies(s -> {
        assertThat(s.kind()).isEqualTo(StatusKind.ANSWER_REJECTED);
        assertThat(s.reason()).isEqualTo("rejected: offer " + first.offerId() + " was timed out");
        assertThat(s.status()).isEqualTo(RequestStatus.OFFERED);
      });
      // When Ben accepts twice
      OfferMade second = d.lastOffer("req-1");
      d.accept(second);
      d.accept(second);
      assertThat(d.statuses("req-1")).last().extracting(RequestStatusChanged::reason)
          .isEqualTo("rejected: offer " + second.offerId() + " was already accepted");
      assertThat(d.statuses("req-1")).filteredOn(s -> s.status() == RequestStatus.ACCEPTED
          && s.kind() == StatusKind.TRANSITION).hasSize(1);
    }
  }

  @Test
  void aRequestNobodyAcceptsExpiresOnceAfterItsTtl() {
    RoutingPolicy policy = RoutingPolicy.defaults().with(Map.of("ttl.HIGH", "600", "sla.HIGH", "3600"));
    try (RoutingDriver d = new RoutingDriver(policy)) {
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      d.advance(Duration.ofSeconds(601));
      d.cancel("req-1");
      d.counsellor("r-ana");
      assertThat(d.statuses("req-1")).extracting(RequestStatusChanged::status)
          .containsExactly(RequestStatus.QUEUED, RequestStatus.EXPIRED);
      assertThat(d.offersFor("req-1")).isEmpty();
    }
  }

  @Test
  void cancellingAnAcceptedRequestFreesTheResponder() {
    try (RoutingDriver d = new RoutingDriver()) {
      d.counsellor("r-ana");
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      d.accept(d.lastOffer("req-1"));
      d.request("req-2", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      assertThat(d.offersFor("req-2")).isEmpty();
      d.cancel("req-1");
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.CANCELLED);
      assertThat(d.lastOffer("req-2").responderId()).isEqualTo("r-ana");
      // A second cancel changes nothing
      d.cancel("req-1");
      assertThat(d.statuses("req-1")).filteredOn(s -> s.status() == RequestStatus.CANCELLED).hasSize(1);
    }
  }

  @Test
  void aDeletedResponderLosesTheirPendingOfferToTheNextResponder() {
    try (RoutingDriver d = new RoutingDriver()) {
      d.counsellor("r-ana");
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      d.counsellor("r-ben");
      // When Ana's profile is deleted (a tombstone on the compacted responders topic)
      d.deleteResponder("r-ana");
      // Then her offer is withdrawn and Ben is offered the request
      assertThat(d.rescinds()).extracting(r -> r.responderId()).containsExactly("r-ana");
      assertThat(d.statuses("req-1")).filteredOn(s -> s.kind() == StatusKind.OFFER_WITHDRAWN)
          .extracting(RequestStatusChanged::responderId).containsExactly("r-ana");
      assertThat(d.lastOffer("req-1").responderId()).isEqualTo("r-ben");
    }
  }
}

package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.crisisline.events.EscalationStep;
import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;
import org.crisisline.routing.market.RoutingPolicy;
import org.junit.jupiter.api.Test;

/** One TopologyTestDriver test per routing rule of the architecture's "Routing model". */
class RoutingRulesTest {

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
  void specialtyIsPreferredThenRelaxedAfterTheConfiguredWait() {
    try (RoutingDriver d = new RoutingDriver()) {
      // Given a generalist idle for longer than a veterans specialist
      d.counsellor("r-general");
      d.advance(Duration.ofSeconds(5));
      d.responder("r-vet", ResponderKind.HOTLINE_COUNSELLOR, "north", List.of("en"), List.of("VETERANS"), 1);
      d.status("r-vet", ResponderStatus.AVAILABLE);
      // When a veteran's request arrives, then the specialist gets it
      d.request("vet-1", Urgency.MODERATE, Need.CRISIS_COUNSELLING, "en", "north", "VETERANS");
      assertThat(d.lastOffer("vet-1").responderId()).isEqualTo("r-vet");
      d.accept(d.lastOffer("vet-1"));
      // When a second veteran's request arrives, the specialist being full, it waits for a specialist
      d.request("vet-2", Urgency.MODERATE, Need.CRISIS_COUNSELLING, "en", "north", "VETERANS");
      assertThat(d.offersFor("vet-2")).isEmpty();
      // Then after the relax wait (120 s) the generalist is offered it, with the reason recorded
      d.advance(Duration.ofSeconds(121));
      assertThat(d.lastOffer("vet-2").responderId()).isEqualTo("r-general");
      assertThat(d.statuses("vet-2")).extracting(RequestStatusChanged::reason)
          .anyMatch(r -> r.contains("specialty preference relaxed"));
    }
  }

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
  void slaBreachFirstRelaxesSpecialty() {
    RoutingPolicy policy = RoutingPolicy.defaults().with(Map.of("sla.HIGH", "30", "specialty.relax.after", "600"));
    try (RoutingDriver d = new RoutingDriver(policy)) {
      d.counsellor("r-general");
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north", "YOUTH");
      assertThat(d.offersFor("req-1")).isEmpty();
      d.advance(Duration.ofSeconds(31));
      assertThat(d.statuses("req-1")).anySatisfy(s -> {
        assertThat(s.status()).isEqualTo(RequestStatus.ESCALATED);
        assertThat(s.kind()).isEqualTo(StatusKind.ESCALATION);
        assertThat(s.escalationStep()).isEqualTo(EscalationStep.SPECIALTY_RELAXED);
        assertThat(s.reason()).contains("specialty relaxed");
      });
      assertThat(d.lastOffer("req-1").responderId()).isEqualTo("r-general");
    }
  }

  @Test
  void rolloverToBackupRegionAfterSla() {
    RoutingPolicy policy = RoutingPolicy.defaults().with(Map.of("sla.HIGH", "60"));
    try (RoutingDriver d = new RoutingDriver(policy)) {
      // Given nobody in north, and a counsellor in south (north's backup region)
      d.responder("r-south", ResponderKind.HOTLINE_COUNSELLOR, "south", List.of("en"), List.of(), 1);
      d.status("r-south", ResponderStatus.AVAILABLE);
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      assertThat(d.offersFor("req-1")).isEmpty();
      // When the HIGH SLA (60 s) passes
      d.advance(Duration.ofSeconds(61));
      // Then the request is escalated, rolled over to south, and offered there
      assertThat(d.statuses("req-1")).anySatisfy(s -> {
        assertThat(s.status()).isEqualTo(RequestStatus.ESCALATED);
        assertThat(s.kind()).isEqualTo(StatusKind.ESCALATION);
        assertThat(s.escalationStep()).isEqualTo(EscalationStep.ROLLED_OVER);
        assertThat(s.region()).isEqualTo("south");
        assertThat(s.reason()).contains("rolled over to backup region south");
      });
      OfferMade offer = d.lastOffer("req-1");
      assertThat(offer.responderId()).isEqualTo("r-south");
      assertThat(offer.region()).isEqualTo("south");
      // And the answer (keyed by requestId, whose home is north) reaches the south market
      d.accept(offer);
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.ACCEPTED);
      d.complete("req-1", "r-south");
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.COMPLETED);
    }
  }

  @Test
  void imminentRiskSlaBreachAlertsSupervisorsAndMovesToTheEmergencyPool() {
    RoutingPolicy policy = RoutingPolicy.defaults().with(Map.of("sla.IMMINENT_RISK", "30",
        "emergency.region", "emergency", "offer.timeout.IMMINENT_RISK", "20"));
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
  void aRolloverDueWhileAnOfferIsOutstandingWaitsForThatOfferToEnd() {
    RoutingPolicy policy = RoutingPolicy.defaults().with(Map.of("sla.HIGH", "30", "offer.timeout.HIGH", "300"));
    try (RoutingDriver d = new RoutingDriver(policy)) {
      // Given a request offered to the only north counsellor, and a counsellor in south
      d.counsellor("r-north");
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      d.responder("r-south", ResponderKind.HOTLINE_COUNSELLOR, "south", List.of("en"), List.of(), 1);
      d.status("r-south", ResponderStatus.AVAILABLE);
      // When the SLA passes while the offer is outstanding, the rollover is announced, not done
      d.advance(Duration.ofSeconds(31));
      assertThat(d.statuses("req-1")).extracting(RequestStatusChanged::reason)
          .anyMatch(r -> r.contains("will roll over to backup region south"));
      assertThat(d.statuses("req-1")).last().satisfies(s -> {
        assertThat(s.kind()).isEqualTo(StatusKind.ESCALATION);
        assertThat(s.escalationStep()).isEqualTo(EscalationStep.SLA_BREACH);
      });
      assertThat(d.offersFor("req-1")).hasSize(1);
      // Then when the north counsellor declines, nobody else in north can take it: it rolls over
      d.decline(d.lastOffer("req-1"));
      assertThat(d.lastOffer("req-1").responderId()).isEqualTo("r-south");
      assertThat(d.lastOffer("req-1").region()).isEqualTo("south");
      assertThat(d.statuses("req-1")).filteredOn(s -> s.escalationStep() == EscalationStep.ROLLED_OVER)
          .singleElement().extracting(RequestStatusChanged::region).isEqualTo("south");
    }
  }

  @Test
  void snapshotsCountOutstandingOffersAndSlaBreaches() {
    RoutingPolicy policy = RoutingPolicy.defaults().with(Map.of("sla.LOW", "10", "backup.north", ""));
    try (RoutingDriver d = new RoutingDriver(policy)) {
      d.counsellor("r-ana");
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      d.request("req-2", Urgency.LOW, Need.CRISIS_COUNSELLING, "en", "north");
      d.advanceInSteps(Duration.ofSeconds(12), Duration.ofSeconds(1));
      var last = d.snapshots().get(d.snapshots().size() - 1).value();
      assertThat(last.poolId()).isEqualTo("north/HOTLINE_COUNSELLOR");
      assertThat(last.offersOutstanding()).isEqualTo(1);
      assertThat(last.waitingByUrgency()).containsEntry(Urgency.LOW, 1);
      assertThat(last.slaBreaches()).isEqualTo(1);
      assertThat(last.longestWaitUrgency()).isEqualTo(Urgency.LOW);
      assertThat(last.respondersByStatus()).containsEntry(ResponderStatus.AVAILABLE, 1);
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
}

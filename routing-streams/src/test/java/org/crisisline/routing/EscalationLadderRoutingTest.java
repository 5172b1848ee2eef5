package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.Channel;
import org.crisisline.events.EscalationStep;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
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

/** What an SLA breach does (the rule: {@link org.crisisline.routing.rules.EscalationLadder}). */
class EscalationLadderRoutingTest {

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
  void aRequestRoutingSeesLateRollsOverAtOnceAndStillExpiresInTheBackupRegionAtItsTtl() {
    // As in a fault run on a slow machine: routing reads the request 70 s after intake logged it,
    // past its SLA; nobody is free in north or in south (its backup).
    RoutingPolicy policy = RoutingPolicy.defaults().with(Map.of("sla.HIGH", "60", "ttl.HIGH", "90"));
    try (RoutingDriver d = new RoutingDriver(policy)) {
      d.log(new HelpRequestLogged(Ids.newId(), d.now().minusSeconds(70), "req-late", Channel.PHONE, Urgency.HIGH,
          Need.CRISIS_COUNSELLING, null, "en", "north", null, AgeGroup.ADULT, List.of(), null, null, false, "staff"));
      d.advance(Duration.ofSeconds(1));
      assertThat(d.statuses("req-late")).anySatisfy(s -> {
        assertThat(s.escalationStep()).isEqualTo(EscalationStep.ROLLED_OVER);
        assertThat(s.region()).isEqualTo("south");
      });
      // Its lifetime (90 s from logging) ends 20 s after it moved: it expires there, once.
      d.advanceInSteps(Duration.ofSeconds(30), Duration.ofSeconds(5));
      assertThat(d.status("req-late")).isEqualTo(RequestStatus.EXPIRED);
      assertThat(d.statuses("req-late")).filteredOn(s -> s.status() == RequestStatus.EXPIRED).singleElement()
          .satisfies(s -> assertThat(s.region()).isEqualTo("south"));
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
}

package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.crisisline.events.AlertAcknowledged;
import org.crisisline.events.AlertPaged;
import org.crisisline.events.AlertRaised;
import org.crisisline.events.AlertReason;
import org.crisisline.events.AlertResolved;
import org.crisisline.events.AlertStepStarted;
import org.crisisline.events.AlertVia;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.QueueSnapshot;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;
import org.crisisline.routing.market.RoutingPolicy;
import org.junit.jupiter.api.Test;

/** Alerts and pages through the topology (the rule: {@link org.crisisline.routing.rules.PagingLadder}). */
class PagingRoutingTest {
  /** Two steps a minute apart, the list once more; SLAs long enough not to interfere. */
  static final RoutingPolicy TWO_STEPS = RoutingPolicy.defaults().with(Map.of("page.steps", "supervisors,managers",
      "page.ack.timeout", "60", "page.repeat", "1", "sla.IMMINENT_RISK", "3600"));

  static RoutingDriver withSchedules(RoutingPolicy policy) {
    RoutingDriver d = new RoutingDriver(policy);
    d.schedule("supervisors", "sup-dana", "sup-ravi");
    d.schedule("managers", "mgr-kim");
    return d;
  }

  static List<RequestStatusChanged> alertStatuses(RoutingDriver d, String requestId) {
    return d.statuses(requestId).stream().filter(s -> s.kind() == StatusKind.ALERT).toList();
  }

  @Test
  void imminentRiskWithNobodyAvailablePagesOnCallAtOnce() {
    try (RoutingDriver d = withSchedules(RoutingPolicy.defaults())) {
      // Given no counsellor anywhere, when an IMMINENT_RISK request is logged
      Instant logged = d.now();
      d.request("req-1", Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING, "en", "north");
      // Then, without any time passing, an alert is raised and the supervisor on call is paged
      AlertRaised raised = d.alerts("req-1", AlertRaised.class).get(0);
      assertThat(raised.reason()).isEqualTo(AlertReason.NO_COUNSELLOR_AVAILABLE);
      assertThat(raised.code()).matches("[0-9]{6}");
      assertThat(raised.region()).isEqualTo("north");
      assertThat(raised.waitingSince()).isEqualTo(logged);
      assertThat(d.alerts("req-1", AlertStepStarted.class)).singleElement().satisfies(s -> {
        assertThat(s.alertId()).isEqualTo(raised.alertId());
        assertThat(s.step()).isEqualTo(1);
        assertThat(s.attempt()).isEqualTo(1);
        assertThat(s.scheduleId()).isEqualTo("supervisors");
        assertThat(s.onCall()).containsExactly("sup-dana");
      });
      assertThat(d.alerts("req-1", AlertPaged.class)).singleElement().satisfies(p -> {
        assertThat(p.userId()).isEqualTo("sup-dana");
        assertThat(p.code()).isEqualTo(raised.code());
        assertThat(p.pageId()).isNotBlank();
        assertThat(p.urgency()).isEqualTo(Urgency.IMMINENT_RISK);
        assertThat(p.waitingSince()).isEqualTo(logged);
      });
      // And request-status says so once, with the request still waiting
      assertThat(alertStatuses(d, "req-1")).singleElement().satisfies(s -> {
        assertThat(s.status()).isEqualTo(RequestStatus.QUEUED);
        assertThat(s.reason()).startsWith("SUPERVISOR ALERT");
      });
      // And the request is still offered to the first counsellor who becomes free
      d.counsellor("r-ana");
      assertThat(d.lastOffer("req-1").responderId()).isEqualTo("r-ana");
    }
  }

  @Test
  void aRequestSomeoneCanTakeAtOnceRaisesNoAlert() {
    try (RoutingDriver d = withSchedules(RoutingPolicy.defaults())) {
      d.counsellor("r-ana");
      d.request("req-1", Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING, "en", "north");
      d.request("req-2", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      assertThat(d.alerts("req-1")).isEmpty();
      assertThat(d.alerts("req-2")).as("only IMMINENT_RISK pages").isEmpty();
    }
  }

  @Test
  void aCounsellorFreeInTheBackupRegionHoldsThePageBack() {
    try (RoutingDriver d = withSchedules(RoutingPolicy.defaults())) {
      // Given a counsellor available in south, north's backup region (held by this same task)
      d.responder("r-south", ResponderKind.HOTLINE_COUNSELLOR, "south", List.of("en"), List.of(), 1);
      d.status("r-south", ResponderStatus.AVAILABLE);
      d.request("req-1", Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING, "en", "north");
      assertThat(d.alerts("req-1")).isEmpty();
    }
  }

  @Test
  void anotherTasksSnapshotDecidesForARegionThisTaskDoesNotHold() {
    RoutingPolicy policy = RoutingPolicy.defaults().with(Map.of("regions", "north,south,emergency",
        "backup.north", "south", "emergency.region", "emergency"));
    try (RoutingDriver d = withSchedules(policy)) {
      // Given the emergency region's pool reported (by another task) with one counsellor AVAILABLE
      d.snapshot(snapshot("emergency", 1));
      d.request("req-1", Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING, "en", "north");
      assertThat(d.alerts("req-1")).isEmpty();
      // When the next snapshot shows nobody available there, a new request pages at once
      d.snapshot(snapshot("emergency", 0));
      d.request("req-2", Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING, "en", "north");
      assertThat(d.alerts("req-2", AlertRaised.class)).hasSize(1);
    }
  }

  @Test
  void unacknowledgedPageEscalatesToNextStep() {
    try (RoutingDriver d = withSchedules(TWO_STEPS)) {
      d.request("req-1", Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING, "en", "north");
      assertThat(d.alerts("req-1", AlertPaged.class)).extracting(AlertPaged::userId).containsExactly("sup-dana");
      // Not before the ack timeout
      d.advanceInSteps(Duration.ofSeconds(58), Duration.ofSeconds(2));
      assertThat(d.alerts("req-1", AlertStepStarted.class)).hasSize(1);
      // When a minute passes unacknowledged, the next step pages the next schedule
      d.advanceInSteps(Duration.ofSeconds(4), Duration.ofSeconds(2));
      assertThat(d.alerts("req-1", AlertStepStarted.class)).last().satisfies(s -> {
        assertThat(s.step()).isEqualTo(2);
        assertThat(s.attempt()).isEqualTo(1);
        assertThat(s.scheduleId()).isEqualTo("managers");
      });
      assertThat(d.alerts("req-1", AlertPaged.class)).last().satisfies(p -> {
        assertThat(p.userId()).isEqualTo("mgr-kim");
        assertThat(p.step()).isEqualTo(2);
      });
      // Then the whole list once more, and paging stops: four steps in all
      d.advanceInSteps(Duration.ofMinutes(5), Duration.ofSeconds(5));
      assertThat(d.alerts("req-1", AlertStepStarted.class))
          .extracting(s -> s.step() + "/" + s.attempt() + ":" + s.scheduleId())
          .containsExactly("1/1:supervisors", "2/1:managers", "1/2:supervisors", "2/2:managers");
      assertThat(d.alerts("req-1", AlertPaged.class)).extracting(AlertPaged::pageId).doesNotHaveDuplicates();
      assertThat(d.alerts("req-1", AlertRaised.class)).hasSize(1);
    }
  }

  @Test
  void aStepWithNobodyOnCallIsRecordedAndTheNextFollowsOnTime() {
    RoutingPolicy policy = TWO_STEPS.with(Map.of("page.steps", "night-desk,supervisors"));
    try (RoutingDriver d = withSchedules(policy)) {
      d.request("req-1", Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING, "en", "north");
      assertThat(d.alerts("req-1", AlertStepStarted.class)).singleElement().satisfies(s -> {
        assertThat(s.scheduleId()).isEqualTo("night-desk");
        assertThat(s.onCall()).isEmpty();
      });
      assertThat(d.alerts("req-1", AlertPaged.class)).isEmpty();
      d.advanceInSteps(Duration.ofSeconds(62), Duration.ofSeconds(2));
      assertThat(d.alerts("req-1", AlertPaged.class)).extracting(AlertPaged::userId).containsExactly("sup-dana");
    }
  }

  @Test
  void acknowledgementStopsPaging() {
    try (RoutingDriver d = withSchedules(TWO_STEPS)) {
      d.request("req-1", Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING, "en", "north");
      AlertPaged page = d.alerts("req-1", AlertPaged.class).get(0);
      // An acknowledgement of another alert id changes nothing
      d.acknowledge(new AlertPaged(Ids.newId(), d.now(), "not-this-alert", Ids.newId(), "000000", "req-1", "north",
          Urgency.IMMINENT_RISK, AlertReason.ESCALATION, "sup-dana", "supervisors", 1, 1, d.now()), "sup-dana",
          AlertVia.API);
      assertThat(d.alerts("req-1", AlertAcknowledged.class)).isEmpty();
      // When the paged supervisor replies ACK by SMS mid-step
      d.advance(Duration.ofSeconds(20));
      d.acknowledge(page, "sup-dana", AlertVia.SMS);
      assertThat(d.alerts("req-1", AlertAcknowledged.class)).singleElement().satisfies(a -> {
        assertThat(a.alertId()).isEqualTo(page.alertId());
        assertThat(a.userId()).isEqualTo("sup-dana");
        assertThat(a.via()).isEqualTo(AlertVia.SMS);
      });
      // Then nobody else is paged, however long it stays unassigned
      d.advanceInSteps(Duration.ofMinutes(5), Duration.ofSeconds(5));
      assertThat(d.alerts("req-1", AlertStepStarted.class)).hasSize(1);
      assertThat(d.alerts("req-1", AlertPaged.class)).hasSize(1);
      // And a second acknowledgement (by link) is not recorded again
      d.acknowledge(page, "sup-ravi", AlertVia.LINK);
      assertThat(d.alerts("req-1", AlertAcknowledged.class)).hasSize(1);
    }
  }

  @Test
  void acceptedRequestResolvesAlertAndTellsThePaged() {
    try (RoutingDriver d = withSchedules(TWO_STEPS)) {
      // Given an alert whose second step paged the manager too
      d.request("req-1", Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING, "en", "north");
      d.advanceInSteps(Duration.ofSeconds(62), Duration.ofSeconds(2));
      AlertRaised raised = d.alerts("req-1", AlertRaised.class).get(0);
      // When a counsellor becomes free and accepts the request
      d.counsellor("r-ana");
      d.accept(d.lastOffer("req-1"));
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.ACCEPTED);
      // Then the alert resolves, naming everyone paged so they know not to come in
      assertThat(d.alerts("req-1", AlertResolved.class)).singleElement().satisfies(r -> {
        assertThat(r.alertId()).isEqualTo(raised.alertId());
        assertThat(r.code()).isEqualTo(raised.code());
        assertThat(r.resolution()).isEqualTo(RequestStatus.ACCEPTED);
        assertThat(r.paged()).containsExactly("sup-dana", "mgr-kim");
      });
      // And paging stops; an acknowledgement after resolution is refused, completion resolves nothing again
      int pages = d.alerts("req-1", AlertPaged.class).size();
      d.advanceInSteps(Duration.ofMinutes(5), Duration.ofSeconds(5));
      d.acknowledge(d.alerts("req-1", AlertPaged.class).get(0), "sup-dana", AlertVia.LINK);
      d.complete("req-1", "r-ana");
      assertThat(d.alerts("req-1", AlertPaged.class)).hasSize(pages);
      assertThat(d.alerts("req-1", AlertAcknowledged.class)).isEmpty();
      assertThat(d.alerts("req-1", AlertResolved.class)).hasSize(1);
    }
  }

  @Test
  void cancellingWhilePagingResolvesTheAlert() {
    try (RoutingDriver d = withSchedules(TWO_STEPS)) {
      d.request("req-1", Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING, "en", "north");
      d.cancel("req-1");
      assertThat(d.alerts("req-1", AlertResolved.class)).singleElement()
          .satisfies(r -> assertThat(r.resolution()).isEqualTo(RequestStatus.CANCELLED));
      d.advanceInSteps(Duration.ofMinutes(3), Duration.ofSeconds(5));
      assertThat(d.alerts("req-1", AlertStepStarted.class)).hasSize(1);
    }
  }

  @Test
  void imminentRiskDeclinedOrMissedByTwoCounsellorsPagesOnCall() {
    try (RoutingDriver d = withSchedules(RoutingPolicy.defaults())) {
      d.counsellor("r-ana");
      d.counsellor("r-ben");
      d.request("req-1", Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING, "en", "north");
      d.decline(d.lastOffer("req-1"));
      assertThat(d.alerts("req-1")).as("one miss is not enough").isEmpty();
      // When the second counsellor lets the offer time out (30 s for IMMINENT_RISK)
      d.advanceInSteps(Duration.ofSeconds(32), Duration.ofSeconds(2));
      assertThat(d.alerts("req-1", AlertRaised.class)).singleElement()
          .satisfies(r -> assertThat(r.reason()).isEqualTo(AlertReason.MISSED_OFFERS));
      assertThat(alertStatuses(d, "req-1")).singleElement()
          .satisfies(s -> assertThat(s.reason()).contains("declined or missed by 2 responders"));
      // And the request is still offered to the next counsellor who becomes free
      d.counsellor("r-cy");
      assertThat(d.lastOffer("req-1").responderId()).isEqualTo("r-cy");
    }
  }

  @Test
  void theLaddersAlertStepRaisesTheAlertAndItMovesWithTheRequestToTheEmergencyPool() {
    RoutingPolicy policy = RoutingPolicy.defaults().with(Map.of("sla.IMMINENT_RISK", "30",
        "offer.timeout.IMMINENT_RISK", "20", "emergency.region", "emergency", "page.ack.timeout", "45",
        "regions", "north,south,east,emergency", "backup.north", "south", "backup.south", "north",
        "backup.east", "north"));
    try (RoutingDriver d = withSchedules(policy)) {
      // Given a counsellor in the emergency pool who speaks only French: nobody can take an English request
      d.responder("r-fr", ResponderKind.HOTLINE_COUNSELLOR, "emergency", List.of("fr"), List.of(), 1);
      d.status("r-fr", ResponderStatus.AVAILABLE);
      d.snapshot(snapshot("emergency", 1)); // another task's word must not override what this task knows
      d.request("req-1", Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING, "en", "north");
      AlertRaised raised = d.alerts("req-1", AlertRaised.class).get(0);
      // At 30 s it rolls over to south, at 60 s the ladder's alert step moves it to the emergency pool
      d.advanceInSteps(Duration.ofSeconds(62), Duration.ofSeconds(2));
      assertThat(d.statuses("req-1")).extracting(RequestStatusChanged::region).contains("emergency");
      // The ladder's alert step raised no second alert, and request-status said ALERT only once
      assertThat(d.alerts("req-1", AlertRaised.class)).hasSize(1);
      assertThat(alertStatuses(d, "req-1")).hasSize(1);
      // The alert moved with the request: its next step pages on time from the new market
      d.advanceInSteps(Duration.ofSeconds(30), Duration.ofSeconds(2));
      assertThat(d.alerts("req-1", AlertStepStarted.class)).extracting(AlertStepStarted::attempt)
          .containsExactly(1, 2, 3);
      assertThat(d.alerts("req-1", AlertPaged.class)).last().satisfies(p -> {
        assertThat(p.alertId()).isEqualTo(raised.alertId());
        assertThat(p.region()).isEqualTo("emergency");
      });
      // And an acknowledgement keyed by requestId (whose home is north) reaches it there
      d.acknowledge(d.alerts("req-1", AlertPaged.class).get(0), "sup-dana", AlertVia.API);
      assertThat(d.alerts("req-1", AlertAcknowledged.class)).hasSize(1);
    }
  }

  @Test
  void withoutAnEarlierTriggerTheLaddersAlertStepRaisesTheAlert() {
    RoutingPolicy policy = RoutingPolicy.defaults().with(Map.of("sla.IMMINENT_RISK", "30",
        "emergency.region", "emergency", "regions", "north,south,east,emergency", "backup.north", "south",
        "backup.south", "north", "backup.east", "north"));
    try (RoutingDriver d = withSchedules(policy)) {
      // Given a counsellor free only in the emergency pool
      d.responder("r-999", ResponderKind.HOTLINE_COUNSELLOR, "emergency", List.of("en"), List.of(), 1);
      d.status("r-999", ResponderStatus.AVAILABLE);
      d.request("req-1", Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING, "en", "north");
      assertThat(d.alerts("req-1")).as("someone could take it in the emergency pool").isEmpty();
      d.advanceInSteps(Duration.ofSeconds(62), Duration.ofSeconds(2));
      assertThat(d.alerts("req-1", AlertRaised.class)).singleElement()
          .satisfies(r -> assertThat(r.reason()).isEqualTo(AlertReason.ESCALATION));
      assertThat(alertStatuses(d, "req-1")).singleElement()
          .satisfies(s -> assertThat(s.reason()).startsWith("SUPERVISOR ALERT"));
      OfferMade offer = d.lastOffer("req-1");
      assertThat(offer.responderId()).isEqualTo("r-999");
      d.accept(offer);
      assertThat(d.alerts("req-1", AlertResolved.class)).singleElement()
          .satisfies(r -> assertThat(r.paged()).containsExactly("sup-dana"));
    }
  }

  static QueueSnapshot snapshot(String region, int available) {
    return new QueueSnapshot(Ids.newId(), RoutingDriver.T0, region + "/HOTLINE_COUNSELLOR", region,
        "HOTLINE_COUNSELLOR", Map.of(), 0, null, 0, Map.of(ResponderStatus.AVAILABLE, available), Map.of(), 0, 0);
  }
}

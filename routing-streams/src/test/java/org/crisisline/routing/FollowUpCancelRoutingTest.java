package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.crisisline.events.FollowUpCancelReason;
import org.crisisline.events.FollowUpCancelRequested;
import org.crisisline.events.FollowUpCancelled;
import org.crisisline.events.FollowUpDue;
import org.crisisline.events.FollowUpOrigin;
import org.crisisline.events.FollowUpRequested;
import org.crisisline.events.FollowUpScheduled;
import org.crisisline.events.Ids;
import org.crisisline.events.OfferRescinded;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.StatusKind;
import org.junit.jupiter.api.Test;

/**
 * Follow-ups people add and cancel (intake writes the request, having checked who may ask), and a
 * caller's STOP: every future follow-up cancelled, a routed open one too, and none after that.
 */
class FollowUpCancelRoutingTest {
  private static List<String> logged(RoutingDriver d, String id) {
    return FollowUpRoutingTest.followUpsLogged(d, id).stream().map(RequestStatusChanged::requestId).toList();
  }

  private static List<String> planIds(RoutingDriver d, String id) {
    return d.followUpEvents(id, FollowUpScheduled.class).stream().map(FollowUpScheduled::followUpId).toList();
  }

  private static void cancel(RoutingDriver d, String id, String followUpId, FollowUpCancelReason reason, String by) {
    d.answer(new FollowUpCancelRequested(Ids.newId(), d.now(), id, followUpId, reason, by));
  }

  @Test
  void stopCancelsEveryFutureFollowUp() {
    try (RoutingDriver d = new RoutingDriver()) {
      FollowUpEventsRoutingTest.completed(d, "r-stop", true);
      List<String> plan = planIds(d, "r-stop");
      d.advance(Duration.ofHours(24));
      String open = plan.get(0);
      assertThat(d.status(open)).isEqualTo(RequestStatus.OFFERED);
      // A second request of the same caller, still with its counsellor: it ends after the STOP.
      FollowUpEventsRoutingTest.withContact(d, "r-stop-2", "es", true);
      d.status("carla", org.crisisline.events.ResponderStatus.AVAILABLE);
      d.accept(d.lastOffer("r-stop-2"));

      cancel(d, "r-stop", null, FollowUpCancelReason.CONSENT_WITHDRAWN, null);
      cancel(d, "r-stop-2", null, FollowUpCancelReason.CONSENT_WITHDRAWN, null);

      // The routed one is cancelled as a request, its offer to the peer specialist rescinded.
      assertThat(d.status(open)).isEqualTo(RequestStatus.CANCELLED);
      assertThat(d.rescinds()).anySatisfy(r -> assertThat(r.requestId()).isEqualTo(open));
      assertThat(d.followUpEvents("r-stop", FollowUpCancelled.class)).extracting(FollowUpCancelled::followUpId)
          .containsExactlyInAnyOrder(plan.get(0), plan.get(1), plan.get(2));
      assertThat(d.followUpEvents("r-stop", FollowUpCancelled.class)).allSatisfy(c -> {
        assertThat(c.reason()).isEqualTo(FollowUpCancelReason.CONSENT_WITHDRAWN);
        assertThat(c.by()).isNull();
      });
      assertThat(FollowUpRoutingTest.followUpNotes(d, "r-stop")).last().satisfies(s -> assertThat(s.reason())
          .startsWith("follow-ups stopped (CONSENT_WITHDRAWN): 2 not yet due cancelled, 1 routed"));

      d.complete("r-stop-2", "carla");
      assertThat(d.status("r-stop-2")).isEqualTo(RequestStatus.COMPLETED);
      // Once stopped, a person cannot add one either.
      d.answer(new FollowUpRequested(Ids.newId(), d.now(), "r-stop-2", "fu-late", d.now().plusSeconds(60), null,
          "carla"));
      assertThat(d.statuses("r-stop-2")).last().satisfies(s -> assertThat(s.reason())
          .isEqualTo("rejected: follow-up request: the caller's follow-ups were stopped"));
      d.advanceInSteps(Duration.ofDays(10), Duration.ofHours(6));
      assertThat(logged(d, "r-stop")).containsExactly(open);
      assertThat(logged(d, "r-stop-2")).isEmpty();
      assertThat(d.followUpEvents("r-stop-2", FollowUpScheduled.class)).isEmpty();
      assertThat(d.followUpEvents("r-stop", FollowUpDue.class)).hasSize(1);
    }
  }

  @Test
  void anAddedFollowUpFiresAtItsDueAtWithIntakesId() {
    try (RoutingDriver d = new RoutingDriver()) {
      FollowUpEventsRoutingTest.completed(d, "r-add", true);
      FollowUpRequested add = new FollowUpRequested(Ids.newId(), d.now(), "r-add", "fu-intake-1",
          d.now().plus(Duration.ofHours(6)), null, "carla");
      d.answer(add);
      d.answer(add); // intake's retry: the same follow-up, scheduled once
      List<FollowUpScheduled> added = d.followUpEvents("r-add", FollowUpScheduled.class).stream()
          .filter(s -> s.origin() == FollowUpOrigin.ADDED).toList();
      assertThat(added).singleElement().satisfies(s -> {
        assertThat(s.followUpId()).isEqualTo("fu-intake-1");
        assertThat(s.step()).isEqualTo(4);
        assertThat(s.dueAt()).isEqualTo(add.dueAt());
        assertThat(s.addedBy()).isEqualTo("carla");
      });
      assertThat(FollowUpRoutingTest.followUpNotes(d, "r-add")).last().satisfies(
          s -> assertThat(s.reason()).startsWith("follow-up 4 added by carla: fu-intake-1 due "));
      d.advance(Duration.ofHours(5));
      assertThat(d.statuses("fu-intake-1")).isEmpty();
      d.advance(Duration.ofHours(1));
      assertThat(d.lastOffer("fu-intake-1").responderId()).isEqualTo("pia");
      assertThat(d.followUpEvents("r-add", FollowUpDue.class)).singleElement().satisfies(due -> {
        assertThat(due.followUpId()).isEqualTo("fu-intake-1");
        assertThat(due.step()).isEqualTo(4);
        assertThat(due.callerContact()).isNotNull();
      });
    }
  }

  @Test
  void aFollowUpAddedWhileTheRequestWaitedMovesWithItWhenItRollsOver() {
    try (RoutingDriver d = new RoutingDriver(org.crisisline.routing.market.RoutingPolicy.defaults()
        .with(java.util.Map.of("sla.HIGH", "60")))) {
      // Nobody in north; a counsellor in south (north's backup) and a peer specialist in north
      d.responder("sam", org.crisisline.events.ResponderKind.HOTLINE_COUNSELLOR, "south", List.of("es"), List.of(), 1);
      d.status("sam", org.crisisline.events.ResponderStatus.AVAILABLE);
      d.responder("pia", org.crisisline.events.ResponderKind.PEER_SPECIALIST, "north", List.of("es"), List.of(), 1);
      d.status("pia", org.crisisline.events.ResponderStatus.AVAILABLE);
      FollowUpEventsRoutingTest.withContact(d, "r-moves", "es", true);
      d.answer(new FollowUpRequested(Ids.newId(), d.now(), "r-moves", "fu-staff-1", d.now().plus(Duration.ofHours(2)),
          null, "staff-1"));
      d.advance(Duration.ofSeconds(61));
      assertThat(d.lastOffer("r-moves").region()).isEqualTo("south");
      d.advanceInSteps(Duration.ofHours(2), Duration.ofMinutes(30));
      // Due once, from where the request is now, routed in the caller's region, with the contact
      assertThat(d.followUpEvents("r-moves", FollowUpDue.class)).singleElement().satisfies(due -> {
        assertThat(due.followUpId()).isEqualTo("fu-staff-1");
        assertThat(due.region()).isEqualTo("north");
        assertThat(due.callerContact()).isNotNull();
      });
      assertThat(d.lastOffer("fu-staff-1").responderId()).isEqualTo("pia");
    }
  }

  @Test
  void cancellingOneFollowUpLeavesTheOthers() {
    try (RoutingDriver d = new RoutingDriver()) {
      FollowUpEventsRoutingTest.completed(d, "r-one", true);
      List<String> plan = planIds(d, "r-one");
      cancel(d, "r-one", plan.get(1), FollowUpCancelReason.CANCELLED, "carla");
      assertThat(d.followUpEvents("r-one", FollowUpCancelled.class)).singleElement().satisfies(c -> {
        assertThat(c.followUpId()).isEqualTo(plan.get(1));
        assertThat(c.by()).isEqualTo("carla");
      });
      assertThat(FollowUpRoutingTest.followUpNotes(d, "r-one")).last().satisfies(s -> {
        assertThat(s.reason()).isEqualTo("follow-up " + plan.get(1) + " cancelled (CANCELLED)");
        assertThat(s.status()).isEqualTo(RequestStatus.COMPLETED);
      });
      cancel(d, "r-one", "fu-nobody-made", FollowUpCancelReason.CANCELLED, "carla");
      assertThat(d.statuses("r-one")).last().satisfies(s -> {
        assertThat(s.kind()).isEqualTo(StatusKind.ANSWER_REJECTED);
        assertThat(s.reason())
            .isEqualTo("rejected: follow-up cancellation: no follow-up fu-nobody-made of request r-one");
      });

      // The first, routed and offered, is cancelled as a request: its offer rescinded.
      d.advance(Duration.ofHours(24));
      assertThat(d.status(plan.get(0))).isEqualTo(RequestStatus.OFFERED);
      cancel(d, "r-one", plan.get(0), FollowUpCancelReason.CANCELLED, "carla");
      assertThat(d.status(plan.get(0))).isEqualTo(RequestStatus.CANCELLED);
      assertThat(d.rescinds()).extracting(OfferRescinded::requestId).contains(plan.get(0));

      d.advanceInSteps(Duration.ofDays(8), Duration.ofHours(6));
      assertThat(FollowUpRoutingTest.firstAttempts(d, "r-one")).extracting(RequestStatusChanged::requestId)
          .containsExactly(plan.get(0), plan.get(2));
      assertThat(d.followUpEvents("r-one", FollowUpCancelled.class)).extracting(FollowUpCancelled::followUpId)
          .containsExactly(plan.get(1), plan.get(0));
    }
  }

  @Test
  void aRetryNotYetDueIsCancelledThroughTheAttemptThatHoldsIt() {
    try (RoutingDriver d = new RoutingDriver()) {
      FollowUpEventsRoutingTest.completed(d, "r-retry", true);
      d.advance(Duration.ofHours(24));
      String first = planIds(d, "r-retry").get(0);
      d.accept(d.lastOffer(first));
      d.answer(new org.crisisline.events.FollowUpOutcomeRecorded(Ids.newId(), d.now(), first, "pia",
          org.crisisline.events.FollowUpOutcome.NO_ANSWER, org.crisisline.events.AnswerVia.API));
      String retry = planIds(d, "r-retry").get(3);
      cancel(d, "r-retry", retry, FollowUpCancelReason.CANCELLED, "carla");
      assertThat(d.followUpEvents("r-retry", FollowUpCancelled.class)).extracting(FollowUpCancelled::followUpId)
          .containsExactly(retry);
      d.advance(Duration.ofHours(12));
      assertThat(logged(d, "r-retry")).containsExactly(first);
    }
  }
}

package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crisisline.routing.FollowUpRoutingTest.PLANNED;
import static org.crisisline.routing.FollowUpRoutingTest.followUpNotes;
import static org.crisisline.routing.FollowUpRoutingTest.followUpsLogged;
import static org.crisisline.routing.FollowUpRoutingTest.helpAndComplete;

import java.time.Duration;
import java.util.List;
import org.crisisline.events.FollowUpCancelReason;
import org.crisisline.events.FollowUpCancelRequested;
import org.crisisline.events.FollowUpDone;
import org.crisisline.events.FollowUpOrigin;
import org.crisisline.events.FollowUpScheduled;
import org.crisisline.events.Ids;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderStatus;
import org.junit.jupiter.api.Test;

/**
 * A follow-up no peer specialist took within its lifetime reached nobody: it is tried again after
 * {@code followup.retry} (4 h), like a caller not reached, up to {@code followup.attempts} (3); not
 * after the caller opted out. Default policy: a follow-up is a MODERATE request, TTL 4 h; the first
 * of a HIGH request's plan is due 24 h after its end.
 */
class FollowUpExpiryRoutingTest {

  @Test
  void aFollowUpNobodyTookIsTriedAgainUpToTheAttemptLimit() {
    try (RoutingDriver d = new RoutingDriver(PLANNED)) {
      helpAndComplete(d, "r-fu-exp"); // no peer specialist in the region: every attempt waits, then expires
      d.advance(Duration.ofHours(24));
      List<RequestStatusChanged> logged = followUpsLogged(d, "r-fu-exp");
      assertThat(logged).hasSize(1);
      String first = logged.get(0).requestId();
      d.advanceInSteps(Duration.ofHours(4), Duration.ofHours(1));
      assertThat(d.status(first)).isEqualTo(RequestStatus.EXPIRED);
      assertThat(followUpNotes(d, first)).extracting(RequestStatusChanged::reason)
          .singleElement().satisfies(r -> assertThat(r).startsWith("follow-up expired with no outcome: attempt 2 of 3 due"));
      // Not before followup.retry has passed since the expiry.
      d.advanceInSteps(Duration.ofHours(3), Duration.ofHours(1));
      assertThat(followUpsLogged(d, "r-fu-exp")).hasSize(1);
      d.advanceInSteps(Duration.ofHours(9), Duration.ofHours(1)); // attempt 2 due at 32 h, expires at 36 h
      d.advanceInSteps(Duration.ofHours(8), Duration.ofHours(1)); // attempt 3 due at 40 h, expires at 44 h
      logged = followUpsLogged(d, "r-fu-exp");
      assertThat(logged).hasSize(3);
      assertThat(logged).extracting(RequestStatusChanged::requestId).doesNotHaveDuplicates();
      assertThat(logged).allSatisfy(s -> assertThat(s.reason()).contains("follow-up 1"));
      String last = logged.get(2).requestId();
      assertThat(d.status(last)).isEqualTo(RequestStatus.EXPIRED);
      assertThat(followUpNotes(d, last)).extracting(RequestStatusChanged::reason)
          .containsExactly("follow-up expired with no outcome: attempt 3 of 3 was the last");
      assertThat(d.followUpEvents("r-fu-exp", FollowUpScheduled.class))
          .filteredOn(f -> f.origin() == FollowUpOrigin.RETRY).extracting(FollowUpScheduled::attempt)
          .containsExactly(2, 3);
      // Each expiry is published on follow-ups as done with no outcome, naming its retry while one is left.
      assertThat(d.followUpEvents("r-fu-exp", FollowUpDone.class)).hasSize(3).allSatisfy(f -> {
        assertThat(f.outcome()).isNull();
        assertThat(f.responderId()).isNull();
      }).extracting(f -> f.retryDueAt() != null).containsExactly(true, true, false);
      // The plan goes on: its second step (72 h) is logged, and a peer specialist now takes it.
      d.responder("pia", ResponderKind.PEER_SPECIALIST, "north", List.of("es"), List.of(), 1);
      d.status("pia", ResponderStatus.AVAILABLE);
      d.advanceInSteps(Duration.ofHours(28), Duration.ofHours(1));
      logged = followUpsLogged(d, "r-fu-exp");
      assertThat(logged).hasSize(4).last().satisfies(s -> assertThat(s.reason()).contains("follow-up 2 of request"));
      assertThat(d.lastOffer(logged.get(3).requestId()).responderId()).isEqualTo("pia");
    }
  }

  @Test
  void aFollowUpThatExpiresAfterTheCallerOptedOutIsNotTriedAgain() {
    try (RoutingDriver d = new RoutingDriver(PLANNED)) {
      helpAndComplete(d, "r-fu-stop");
      d.advance(Duration.ofHours(24));
      String first = followUpsLogged(d, "r-fu-stop").get(0).requestId();
      d.answer(new FollowUpCancelRequested(Ids.newId(), d.now(), "r-fu-stop", null,
          FollowUpCancelReason.CONSENT_WITHDRAWN, null));
      assertThat(d.status(first)).isEqualTo(RequestStatus.CANCELLED);
      d.advanceInSteps(Duration.ofDays(10), Duration.ofHours(1));
      assertThat(followUpsLogged(d, "r-fu-stop")).hasSize(1);
      assertThat(d.followUpEvents("r-fu-stop", FollowUpScheduled.class))
          .noneMatch(f -> f.origin() == FollowUpOrigin.RETRY);
    }
  }
}

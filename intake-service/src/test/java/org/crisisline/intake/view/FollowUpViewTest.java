package org.crisisline.intake.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.crisisline.events.ConsentWithdrawn;
import org.crisisline.events.FollowUpCancelReason;
import org.crisisline.events.FollowUpCancelled;
import org.crisisline.events.FollowUpDone;
import org.crisisline.events.FollowUpDue;
import org.crisisline.events.FollowUpOrigin;
import org.crisisline.events.FollowUpOutcome;
import org.crisisline.events.FollowUpScheduled;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Need;
import org.crisisline.events.Sealed;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

class FollowUpViewTest {
  private static final Instant NOW = Instant.parse("2026-11-27T15:00:00Z");
  private final FollowUpView view = new FollowUpView();

  private static FollowUpScheduled scheduled(String root, String id, int step, Instant due, String region) {
    return new FollowUpScheduled("s-" + id, NOW.minus(Duration.ofDays(3)), root, id, step, 1, due, region, "es",
        FollowUpOrigin.PLAN, null, null);
  }

  private static FollowUpDue due(String root, String id, int step, Instant at) {
    return new FollowUpDue("d-" + id, at, root, id, step, 1, "north", "es", new Sealed("k", "sealed-contact"), true);
  }

  private static FollowUpDone done(String root, String id, Instant at, FollowUpOutcome how) {
    return new FollowUpDone("x-" + id, at, root, id, 1, 1, how, "peer-1", null);
  }

  @Test
  void aFollowUpMovesFromScheduledToDueToDoneAndNeverBack() {
    // Given a follow-up scheduled, then due, then done
    view.apply(scheduled("r1", "f1", 1, NOW.minus(Duration.ofHours(1)), "north"));
    view.apply(due("r1", "f1", 1, NOW.minus(Duration.ofHours(1))));
    view.apply(done("r1", "f1", NOW, FollowUpOutcome.REACHED));
    // When the due and the scheduled event are replayed late
    view.apply(due("r1", "f1", 1, NOW.minus(Duration.ofHours(1))));
    view.apply(scheduled("r1", "f1", 1, NOW.minus(Duration.ofHours(1)), "north"));
    // Then it stays done with its outcome, and the request has no open follow-up
    FollowUpRecord f = view.get("f1").orElseThrow();
    assertThat(f.state()).isEqualTo(FollowUpRecord.State.DONE);
    assertThat(f.outcome()).isEqualTo(FollowUpOutcome.REACHED);
    assertThat(f.doneBy()).isEqualTo("peer-1");
    assertThat(view.hasOpen("r1")).isFalse();
    assertThat(view.of("r1")).extracting(FollowUpRecord::followUpId).containsExactly("f1");
  }

  @Test
  void aFollowUpThatExpiredWithNoOutcomeIsFinishedAndItsRetryIsTheOpenOne() {
    // Given attempt 1 due and then expired with no outcome (routing: FollowUpDone without one), its retry scheduled
    view.apply(scheduled("r1", "f1", 1, NOW.minus(Duration.ofHours(8)), "north"));
    view.apply(due("r1", "f1", 1, NOW.minus(Duration.ofHours(8))));
    view.apply(new FollowUpDone("x-f1", NOW.minus(Duration.ofHours(4)), "r1", "f1", 1, 1, null, null, NOW));
    view.apply(new FollowUpScheduled("s-f2", NOW.minus(Duration.ofHours(4)), "r1", "f2", 1, 2, NOW, "north", "es",
        FollowUpOrigin.RETRY, null, null));
    // When the due event is replayed late
    view.apply(due("r1", "f1", 1, NOW.minus(Duration.ofHours(8))));
    // Then attempt 1 stays expired, not done and not overdue; the retry is what is open
    FollowUpRecord f = view.get("f1").orElseThrow();
    assertThat(f.state()).isEqualTo(FollowUpRecord.State.EXPIRED);
    assertThat(f.outcome()).isNull();
    assertThat(f.doneBy()).isNull();
    assertThat(view.of("r1")).filteredOn(FollowUpRecord::isOpen).extracting(FollowUpRecord::followUpId)
        .containsExactly("f2");
    assertThat(view.counts(NOW.plusSeconds(60))).containsExactly(new FollowUpView.RegionCounts("north", 2, 0, 1));
  }

  @Test
  void countsPerRegionSayDueTodayDoneTodayAndOverdue() {
    // Given in north: one due this morning and done, one due this morning and not done (overdue),
    // one due tonight (due today, not overdue), one due tomorrow, one cancelled today
    view.apply(scheduled("r1", "a", 1, NOW.minus(Duration.ofHours(5)), "north"));
    view.apply(done("r1", "a", NOW.minus(Duration.ofHours(1)), FollowUpOutcome.NO_ANSWER));
    view.apply(scheduled("r1", "b", 2, NOW.minus(Duration.ofHours(4)), "north"));
    view.apply(due("r1", "b", 2, NOW.minus(Duration.ofHours(4))));
    view.apply(scheduled("r2", "c", 1, NOW.plus(Duration.ofHours(5)), "north"));
    view.apply(scheduled("r2", "d", 2, NOW.plus(Duration.ofDays(1)), "north"));
    view.apply(scheduled("r3", "e", 1, NOW.minus(Duration.ofHours(2)), "north"));
    view.apply(new FollowUpCancelled("c-e", NOW, "r3", "e", FollowUpCancelReason.CANCELLED, "staff"));
    // And in south one overdue since yesterday
    view.apply(scheduled("r4", "f", 1, NOW.minus(Duration.ofDays(1)), "south"));
    // When counted
    // Then each region says what is due, done and overdue today
    assertThat(view.counts(NOW)).containsExactly(
        new FollowUpView.RegionCounts("north", 3, 1, 1),
        new FollowUpView.RegionCounts("south", 0, 0, 1));
    assertThat(view.dueOn(NOW)).extracting(FollowUpRecord::followUpId).containsExactly("a", "b", "c");
  }

  @Test
  void aDueFollowUpIsARequestForAPeerSpecialistLinkedToTheFollowedRequest() {
    // Given a follow-up that fell due
    FollowUpDue d = due("root-1", "fu-1", 1, NOW);
    // When intake makes it a request
    HelpRequestLogged r = FollowUpView.asRequest(d);
    // Then it is peer support, moderate, in the caller's region and language, with the followed request's sealed contact
    assertThat(r.requestId()).isEqualTo("fu-1");
    assertThat(r.need()).isEqualTo(Need.PEER_SUPPORT);
    assertThat(r.urgency()).isEqualTo(Urgency.MODERATE);
    assertThat(r.region()).isEqualTo("north");
    assertThat(r.language()).isEqualTo("es");
    assertThat(r.parentRequestId()).isEqualTo("root-1");
    assertThat(r.callerContact()).isEqualTo(d.callerContact());
    assertThat(r.summary()).isNull();
    assertThat(FollowUpView.isFollowUp(r)).isTrue();
    // And an ordinary hand-on is not taken for one
    assertThat(FollowUpView.isFollowUp(new HelpRequestLogged("e", NOW, "x", r.channel(), Urgency.HIGH,
        Need.PEER_SUPPORT, null, "en", "north", null, null, null, null, null, true, "staff", null, null, null,
        "root-1"))).isFalse();
  }

  @Test
  void consentWithdrawnByCallerKeyOrByARequestsStop() {
    // Given a caller key that opted out, and a request whose follow-ups were stopped for that reason
    view.apply(new ConsentWithdrawn("w1", NOW, "key-1", "SMS"));
    view.apply(scheduled("r9", "g", 1, NOW.plus(Duration.ofDays(1)), "north"));
    view.apply(new FollowUpCancelled("c-g", NOW, "r9", "g", FollowUpCancelReason.CONSENT_WITHDRAWN, null));
    // And a cancellation naming no follow-up stops every open one of its request, not a done one
    view.apply(scheduled("r8", "h1", 1, NOW.minus(Duration.ofHours(3)), "north"));
    view.apply(done("r8", "h1", NOW.minus(Duration.ofHours(2)), FollowUpOutcome.REACHED));
    view.apply(scheduled("r8", "h2", 2, NOW.plus(Duration.ofDays(2)), "north"));
    view.apply(new FollowUpCancelled("c-r8", NOW, "r8", null, FollowUpCancelReason.CONSENT_WITHDRAWN, null));
    assertThat(view.of("r8")).extracting(FollowUpRecord::state)
        .containsExactly(FollowUpRecord.State.DONE, FollowUpRecord.State.CANCELLED);
    assertThat(view.hasOpen("r8")).isFalse();
    // Then both say consent was withdrawn, and another request does not
    assertThat(view.consentWithdrawn("r1", "key-1")).isTrue();
    assertThat(view.consentWithdrawn("r9", null)).isTrue();
    assertThat(view.consentWithdrawn("r8", null)).isTrue();
    assertThat(view.consentWithdrawn("r2", "key-2")).isFalse();
  }

  @Test
  void plansLeaveMemoryOnlyWhenEveryFollowUpEndedLongEnoughAgo() {
    // Given a plan that ended three days ago, one that ended an hour ago, and one still open
    view.apply(scheduled("old", "o", 1, NOW.minus(Duration.ofDays(4)), "north"));
    view.apply(done("old", "o", NOW.minus(Duration.ofDays(3)), FollowUpOutcome.REACHED));
    view.apply(scheduled("recent", "n", 1, NOW.minus(Duration.ofHours(2)), "north"));
    view.apply(done("recent", "n", NOW.minus(Duration.ofHours(1)), FollowUpOutcome.REACHED));
    view.apply(scheduled("open", "p", 1, NOW.minus(Duration.ofDays(10)), "north"));
    // When swept with a 36 h window
    int dropped = view.sweep(NOW, Duration.ofHours(36));
    // Then only the old plan left, and its follow-up is no longer found by id
    assertThat(dropped).isEqualTo(1);
    assertThat(view.of("old")).isEmpty();
    assertThat(view.get("o")).isEmpty();
    assertThat(view.of("recent")).hasSize(1);
    assertThat(view.of("open")).hasSize(1);
  }
}

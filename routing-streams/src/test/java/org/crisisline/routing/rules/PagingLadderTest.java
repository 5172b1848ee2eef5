package org.crisisline.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.crisisline.events.AlertReason;
import org.crisisline.events.AlertVia;
import org.crisisline.events.RequestStatus;
import org.crisisline.routing.rules.PagingLadder.Alert;
import org.crisisline.routing.rules.PagingLadder.Next;
import org.crisisline.routing.rules.PagingLadder.State;
import org.junit.jupiter.api.Test;

class PagingLadderTest {
  static final Instant T0 = Instant.parse("2026-11-20T03:00:00Z");
  final PagingLadder ladder = new PagingLadder(List.of("supervisors", "managers"), Duration.ofSeconds(120), 1);

  Alert raised() {
    return ladder.raise("a-1", "123456", AlertReason.NO_COUNSELLOR_AVAILABLE, T0);
  }

  /** Times out the alert's current step {@code seconds} after {@code now}. */
  static Next timeOut(PagingLadder l, Alert a, Instant at) {
    return l.onTimeout(a, a.timerRef(), at);
  }

  @Test
  void aRaisedAlertIsOpenAtTheFirstStepOfTheFirstPassAndTimesOutAfterTheAckTimeout() {
    Alert a = raised();
    assertThat(a.state()).isEqualTo(State.OPEN);
    assertThat(a.step()).isEqualTo(1);
    assertThat(a.attempt()).isEqualTo(1);
    assertThat(a.scheduleId()).isEqualTo("supervisors");
    assertThat(a.nextStepAt()).isEqualTo(T0.plusSeconds(120).toEpochMilli());
    assertThat(a.paging()).isTrue();
  }

  @Test
  void anUnacknowledgedStepTimesOutToTheNextScheduleThenThePassRepeatsThenPagingStops() {
    List<String> pagedSchedules = new ArrayList<>();
    Alert a = raised();
    pagedSchedules.add(a.step() + "/" + a.attempt() + ":" + a.scheduleId());
    Instant now = T0;
    Next next;
    while ((next = timeOut(ladder, a, now = now.plusSeconds(120))) instanceof Next.Step s) {
      a = s.alert();
      assertThat(a.nextStepAt()).isEqualTo(now.plusSeconds(120).toEpochMilli());
      pagedSchedules.add(a.step() + "/" + a.attempt() + ":" + a.scheduleId());
    }
    // Two steps, repeated once: four steps in all, then paging stops with the alert still OPEN
    assertThat(pagedSchedules).containsExactly("1/1:supervisors", "2/1:managers", "1/2:supervisors",
        "2/2:managers");
    assertThat(ladder.stepsInAll()).isEqualTo(4);
    assertThat(next).isInstanceOf(Next.Done.class);
    Alert done = ((Next.Done) next).alert();
    assertThat(done.state()).isEqualTo(State.OPEN);
    assertThat(done.paging()).isFalse();
    assertThat(timeOut(ladder, done, now.plusSeconds(120))).isInstanceOf(Next.Stale.class);
  }

  @Test
  void noRepeatStopsAfterTheFirstPass() {
    PagingLadder once = new PagingLadder(List.of("supervisors"), Duration.ofSeconds(60), 0);
    Alert a = once.raise("a-1", "111111", AlertReason.ESCALATION, T0);
    assertThat(timeOut(once, a, T0.plusSeconds(60))).isInstanceOf(Next.Done.class);
  }

  @Test
  void acknowledgementMidStepStopsPagingAndRecordsWhoAndHow() {
    Alert a = ((Next.Step) timeOut(ladder, raised(), T0.plusSeconds(120))).alert();
    Alert acked = ladder.acknowledge(a, "a-1", "sup-dana", AlertVia.SMS).orElseThrow();
    assertThat(acked.state()).isEqualTo(State.ACKNOWLEDGED);
    assertThat(acked.acknowledgedBy()).isEqualTo("sup-dana");
    assertThat(acked.acknowledgedVia()).isEqualTo(AlertVia.SMS);
    assertThat(acked.paging()).isFalse();
    // The step that was running when it was acknowledged no longer pages anyone
    assertThat(ladder.onTimeout(acked, a.timerRef(), T0.plusSeconds(240))).isInstanceOf(Next.Stale.class);
    // And a second acknowledgement (another person, another way) changes nothing
    assertThat(ladder.acknowledge(acked, "a-1", "sup-ravi", AlertVia.API)).isEmpty();
  }

  @Test
  void anAcknowledgementOfAnotherAlertIdIsRefused() {
    assertThat(ladder.acknowledge(raised(), "a-2", "sup-dana", AlertVia.LINK)).isEmpty();
    assertThat(ladder.acknowledge(null, "a-1", "sup-dana", AlertVia.LINK)).isEmpty();
  }

  @Test
  void resolutionWhilePagingEndsTheAlertAndItsSteps() {
    Alert a = raised().withPaged(List.of("sup-dana"));
    Alert resolved = ladder.resolve(a, RequestStatus.CANCELLED).orElseThrow();
    assertThat(resolved.state()).isEqualTo(State.RESOLVED);
    assertThat(resolved.resolution()).isEqualTo(RequestStatus.CANCELLED);
    assertThat(resolved.paged()).containsExactly("sup-dana");
    assertThat(timeOut(ladder, resolved, T0.plusSeconds(120))).isInstanceOf(Next.Stale.class);
    assertThat(ladder.resolve(resolved, RequestStatus.EXPIRED)).isEmpty();
  }

  @Test
  void anAcknowledgedAlertStillResolvesAndKeepsWhoAcknowledgedIt() {
    Alert acked = ladder.acknowledge(raised(), "a-1", "sup-dana", AlertVia.LINK).orElseThrow();
    Alert resolved = ladder.resolve(acked, RequestStatus.ACCEPTED).orElseThrow();
    assertThat(resolved.state()).isEqualTo(State.RESOLVED);
    assertThat(resolved.acknowledgedBy()).isEqualTo("sup-dana");
  }

  @Test
  void acknowledgementAfterResolutionIsRefusedAndChangesNothing() {
    Alert resolved = ladder.resolve(raised(), RequestStatus.ACCEPTED).orElseThrow();
    assertThat(ladder.acknowledge(resolved, "a-1", "sup-dana", AlertVia.SMS)).isEmpty();
    assertThat(resolved.state()).isEqualTo(State.RESOLVED);
    assertThat(resolved.acknowledgedBy()).isNull();
  }

  @Test
  void aStaleTimerOfAnEarlierStepIsIgnored() {
    Alert step1 = raised();
    Alert step2 = ((Next.Step) timeOut(ladder, step1, T0.plusSeconds(120))).alert();
    // A replayed timer of step 1 must not move step 2 on
    assertThat(ladder.onTimeout(step2, step1.timerRef(), T0.plusSeconds(130))).isInstanceOf(Next.Stale.class);
    assertThat(ladder.onTimeout(step2, "another-alert/2/1", T0.plusSeconds(130))).isInstanceOf(Next.Stale.class);
    assertThat(timeOut(ladder, step2, T0.plusSeconds(240))).isInstanceOf(Next.Step.class);
  }

  @Test
  void everyonePagedIsRememberedOnce() {
    Alert a = raised().withPaged(List.of("sup-dana", "sup-ravi")).withPaged(List.of("sup-ravi", "mgr-kim"));
    assertThat(a.paged()).containsExactly("sup-dana", "sup-ravi", "mgr-kim");
  }

  @Test
  void aLadderWithoutStepsIsRefused() {
    assertThatThrownBy(() -> new PagingLadder(List.of(), Duration.ofSeconds(120), 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package org.crisisline.intake.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.crisisline.events.Channel;
import org.crisisline.events.Disposition;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Need;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

class RequestViewTest {
  private static final Duration RECENT = Duration.ofHours(36);
  private static final Instant NOW = Instant.parse("2026-11-27T00:02:00Z");
  private final RequestView view = new RequestView(RECENT, Clock.fixed(NOW, ZoneOffset.UTC));

  private static HelpRequestLogged logged(String id, Instant at, String by) {
    return new HelpRequestLogged("e-" + id, at, id, Channel.PHONE, Urgency.HIGH, Need.CRISIS_COUNSELLING, null, "en",
        "north", null, null, List.of(), null, null, false, by);
  }

  private static RequestStatusChanged status(String id, Instant at, RequestStatus s) {
    return new RequestStatusChanged(UUID.randomUUID().toString(), at, id, s, "test", null, "r-1", null, "north",
        Urgency.HIGH, Need.CRISIS_COUNSELLING, StatusKind.TRANSITION, null, "0123456789ab");
  }

  @Test
  void finishedRequestsLeaveAfterTheWindowAndLiveOnesStay() {
    // Given a request finished 40 h ago, one finished 2 h ago, and one open for 3 days (accepted, still worked on)
    view.apply(logged("old", NOW.minus(Duration.ofHours(41)), "sam"));
    view.apply(status("old", NOW.minus(Duration.ofHours(40)), RequestStatus.COMPLETED));
    view.apply(new RequestCompleted("w-old", NOW.minus(Duration.ofHours(40)), "old", "r-1", Disposition.SAFETY_PLAN_MADE,
        null, null, null, false, false));
    view.apply(logged("recent", NOW.minus(Duration.ofHours(3)), "sam"));
    view.apply(status("recent", NOW.minus(Duration.ofHours(2)), RequestStatus.EXPIRED));
    view.apply(logged("open", NOW.minus(Duration.ofDays(3)), "sam"));
    view.apply(status("open", NOW.minus(Duration.ofDays(2)), RequestStatus.ACCEPTED));
    // And a status-only stub of a request never seen, 2 days old
    view.apply(status("stub", NOW.minus(Duration.ofDays(2)), RequestStatus.EXPIRED));

    // When the view is swept
    int dropped = view.sweep(NOW);

    // Then the old finished request, its wrap-up and the stub are gone; the rest stays
    assertThat(dropped).isEqualTo(2);
    assertThat(view.get("old")).isEmpty();
    assertThat(view.wrapUp("old")).isEmpty();
    assertThat(view.get("recent")).isPresent();
    assertThat(view.get("open")).isPresent();
    assertThat(view.size()).isEqualTo(2);
    // And an open request silent for longer than routing lets any request live goes too
    assertThat(view.sweep(NOW.plus(Duration.ofDays(6)))).isEqualTo(2);
    assertThat(view.size()).isZero();
  }

  @Test
  void aFinishedRequestKeptForItsFollowUpsStaysPastTheWindowUntilTheyEnd() {
    // Given a request finished 40 h ago whose follow-ups are still to come
    java.util.Set<String> withFollowUps = new java.util.HashSet<>(java.util.Set.of("followed"));
    view.keepWhile(withFollowUps::contains);
    view.apply(logged("followed", NOW.minus(Duration.ofHours(41)), "sam"));
    view.apply(status("followed", NOW.minus(Duration.ofHours(40)), RequestStatus.COMPLETED));
    // When swept, Then it stays; once its follow-ups ended it goes
    assertThat(view.sweep(NOW)).isZero();
    assertThat(view.get("followed")).isPresent();
    withFollowUps.clear();
    assertThat(view.sweep(NOW)).isEqualTo(1);
    assertThat(view.get("followed")).isEmpty();
  }

  @Test
  void withoutAWindowNothingLeaves() {
    RequestView all = new RequestView();
    all.apply(logged("old", NOW.minus(Duration.ofDays(300)), "sam"));
    all.apply(status("old", NOW.minus(Duration.ofDays(300)), RequestStatus.COMPLETED));
    assertThat(all.sweep(NOW)).isZero();
    assertThat(all.get("old")).isPresent();
  }

  @Test
  void mineTodayIsTheUsersOwnSinceMidnightNewestFirstAcrossMidnight() {
    // Given requests sam logged at 23:59 yesterday and at 00:01 today, and one of kim's today
    Instant midnight = LocalDate.of(2026, 11, 27).atStartOfDay(ZoneOffset.UTC).toInstant();
    view.apply(logged("yesterday", midnight.minusSeconds(60), "sam"));
    view.apply(logged("today-1", midnight.plusSeconds(30), "sam"));
    view.apply(logged("today-2", midnight.plusSeconds(60), "sam"));
    view.apply(logged("kims", midnight.plusSeconds(45), "kim"));
    // (a copy of one of them read back from the topic changes nothing)
    view.apply(logged("today-1", midnight.plusSeconds(30), "sam"));

    // When sam asks for today's at 00:02
    List<RequestRecord> mine = view.loggedBy("sam", midnight);

    // Then only today's two, newest first; yesterday's is still held, but not today's
    assertThat(mine).extracting(RequestRecord::requestId).containsExactly("today-2", "today-1");
    assertThat(view.get("yesterday")).isPresent();
    assertThat(view.loggedBy("sam", midnight.minus(Duration.ofDays(1))))
        .extracting(RequestRecord::requestId).containsExactly("today-2", "today-1", "yesterday");
    assertThat(view.loggedBy("nobody", midnight)).isEmpty();
  }

  @Test
  void anEvictedRequestLeavesTheIndexToo() {
    view.apply(logged("gone", NOW.minus(Duration.ofDays(3)), "sam"));
    view.apply(status("gone", NOW.minus(Duration.ofDays(3)), RequestStatus.CANCELLED));
    view.sweep(NOW);
    assertThat(view.loggedBy("sam", Instant.EPOCH)).isEmpty();
  }

  @Test
  void replayingAYearOfFinishedRequestsKeepsMemoryBounded() {
    // Given 30,000 requests of the past year, each logged and completed, replayed as on a restart
    for (int i = 0; i < 30_000; i++) {
      String id = "h-" + i;
      Instant at = NOW.minus(Duration.ofDays(2 + i % 360));
      view.apply(logged(id, at, "sam"));
      view.apply(status(id, at.plusSeconds(60), RequestStatus.COMPLETED));
    }
    // Then the view never held more than one sweep interval of them
    assertThat(view.size()).isLessThanOrEqualTo(RequestView.SWEEP_EVERY);
  }

  @Test
  void anOpenRequestLoggedBeforeTheReplayIsKeptFromItsStatusesThenRestoredWholeInTimeOrder() {
    // Given a replay that began after the request was logged: only its recent statuses arrive, 2 days ago
    RequestStatusChanged offered = status("long", NOW.minus(Duration.ofDays(2)), RequestStatus.OFFERED);
    view.apply(offered);
    // Then the sweeps keep it as an open request (not as a finished stub past the window)
    view.sweep(NOW);
    assertThat(view.openWithoutRoot()).containsExactly("long");
    assertThat(view.get("long")).isEmpty();
    // When its root and older history come back from the records database (one status also replayed)
    RequestStatusChanged accepted = status("long", NOW.minus(Duration.ofDays(20)), RequestStatus.ACCEPTED);
    view.restore(logged("long", NOW.minus(Duration.ofDays(21)), "sam"), List.of(accepted, offered));
    // Then it is whole: each status once, in time order, the latest its status
    RequestRecord r = view.get("long").orElseThrow();
    assertThat(r.timeline()).extracting(RequestRecord.TimelineEntry::eventId)
        .containsExactly(accepted.eventId(), offered.eventId());
    assertThat(r.status()).isEqualTo(RequestStatus.OFFERED);
    assertThat(r.acceptedBy()).isEqualTo("r-1");
    assertThat(view.openWithoutRoot()).isEmpty();
    assertThat(view.loggedBy("sam", NOW.minus(Duration.ofDays(30)))).extracting(RequestRecord::requestId)
        .containsExactly("long");
  }
}

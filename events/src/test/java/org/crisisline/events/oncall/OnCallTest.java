package org.crisisline.events.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnCallTest {
  private static final ZoneId LONDON = ZoneId.of("Europe/London");

  static Schedule schedule(String zone, Rotation rotation, ScheduleOverride... overrides) {
    return new Schedule("s", "Supervisors", zone, rotation, List.of(overrides));
  }

  static Rotation daily(String at, String start, String... who) {
    return new Rotation(List.of(who), 1, Handoff.DAILY, LocalTime.parse(at), null, Instant.parse(start));
  }

  static Instant t(String instant) {
    return Instant.parse(instant);
  }

  static List<String> users(Schedule s, Instant at) {
    return OnCall.at(s, at).stream().map(OnCallShift::userId).toList();
  }

  static Instant until(Schedule s, Instant at) {
    return OnCall.at(s, at).get(0).until();
  }

  @Test
  void dailyRotationHandsOverAtTheLocalHandoffTime() {
    // Given a daily 09:00 rotation a, b, c in London (GMT in January), starting at a hand-off
    Schedule s = schedule("Europe/London", daily("09:00", "2026-01-05T09:00:00Z", "a", "b", "c"));
    // Then each day at 09:00 the next participant takes over, and wraps round
    assertThat(users(s, t("2026-01-05T09:00:00Z"))).containsExactly("a");
    assertThat(users(s, t("2026-01-06T08:59:59Z"))).containsExactly("a");
    assertThat(users(s, t("2026-01-06T09:00:00Z"))).containsExactly("b");
    assertThat(users(s, t("2026-01-07T12:00:00Z"))).containsExactly("c");
    assertThat(users(s, t("2026-01-08T09:00:00Z"))).containsExactly("a");
    assertThat(until(s, t("2026-01-07T12:00:00Z"))).isEqualTo(t("2026-01-08T09:00:00Z"));
  }

  @Test
  void firstParticipantTakesTheShortShiftContainingTheStart() {
    // Given a rotation that starts at 15:00 with hand-offs at 09:00
    Schedule s = schedule("UTC", daily("09:00", "2026-01-05T15:00:00Z", "a", "b"));
    // Then a is on call from the start until the next 09:00, then b
    assertThat(OnCall.at(s, t("2026-01-05T15:00:00Z")))
        .containsExactly(new OnCallShift("a", t("2026-01-06T09:00:00Z")));
    assertThat(users(s, t("2026-01-06T09:00:00Z"))).containsExactly("b");
  }

  @Test
  void nobodyIsOnCallBeforeTheRotationStarts() {
    Schedule s = schedule("UTC", daily("09:00", "2026-01-05T09:00:00Z", "a", "b"));
    assertThat(OnCall.at(s, t("2026-01-05T08:59:59Z"))).isEmpty();
  }

  @Test
  void aShiftLengthOfTwoDaysKeepsEachParticipantForTwoDays() {
    Rotation r = new Rotation(List.of("a", "b"), 2, Handoff.DAILY, LocalTime.of(9, 0), null, t("2026-01-05T09:00:00Z"));
    Schedule s = schedule("UTC", r);
    assertThat(users(s, t("2026-01-06T20:00:00Z"))).containsExactly("a");
    assertThat(until(s, t("2026-01-06T20:00:00Z"))).isEqualTo(t("2026-01-07T09:00:00Z"));
    assertThat(users(s, t("2026-01-07T09:00:00Z"))).containsExactly("b");
    assertThat(users(s, t("2026-01-09T09:00:00Z"))).containsExactly("a");
  }

  @Test
  void hourlyRotationHandsOverEveryShiftLengthHoursAtTheHandoffMinute() {
    // Given 4-hour shifts handing off at :30, starting 10:00 (so the last hand-off was 09:30)
    Rotation r = new Rotation(List.of("a", "b", "c"), 4, Handoff.HOURLY, LocalTime.of(0, 30), null,
        t("2026-01-05T10:00:00Z"));
    Schedule s = schedule("UTC", r);
    assertThat(OnCall.at(s, t("2026-01-05T10:00:00Z"))).containsExactly(new OnCallShift("a", t("2026-01-05T13:30:00Z")));
    assertThat(users(s, t("2026-01-05T13:30:00Z"))).containsExactly("b");
    assertThat(users(s, t("2026-01-05T21:29:59Z"))).containsExactly("c");
    assertThat(users(s, t("2026-01-05T21:30:00Z"))).containsExactly("a");
  }

  @Test
  void hourlyRotationCountsRealHoursThroughTheRepeatedHourOfFallBack() {
    // New York repeats 01:00-02:00 local on 2026-11-01 (EDT 05:00Z-06:00Z, then EST 06:00Z-07:00Z)
    Rotation r = new Rotation(List.of("a", "b"), 1, Handoff.HOURLY, LocalTime.MIDNIGHT, null, t("2026-11-01T04:00:00Z"));
    Schedule s = schedule("America/New_York", r);
    // Then the two 01:10s local are different shifts, each a real hour long
    assertThat(users(s, t("2026-11-01T05:10:00Z"))).containsExactly("b");
    assertThat(users(s, t("2026-11-01T06:10:00Z"))).containsExactly("a");
    assertThat(until(s, t("2026-11-01T05:10:00Z"))).isEqualTo(t("2026-11-01T06:00:00Z"));
  }

  @Test
  void weeklyRotationHandsOverOnTheHandoffDayAtTheHandoffTime() {
    // Given weekly Monday 08:00 hand-offs, starting on Wednesday 2026-01-07
    Rotation r = new Rotation(List.of("a", "b"), 1, Handoff.WEEKLY, LocalTime.of(8, 0), DayOfWeek.MONDAY,
        t("2026-01-07T12:00:00Z"));
    Schedule s = schedule("Europe/London", r);
    // Then a holds the rest of that week and b takes over on Monday 2026-01-12 at 08:00
    assertThat(OnCall.at(s, t("2026-01-07T12:00:00Z"))).containsExactly(new OnCallShift("a", t("2026-01-12T08:00:00Z")));
    assertThat(users(s, t("2026-01-12T07:59:59Z"))).containsExactly("a");
    assertThat(users(s, t("2026-01-12T08:00:00Z"))).containsExactly("b");
    assertThat(users(s, t("2026-01-19T08:00:00Z"))).containsExactly("a");
  }

  @Test
  void weeklyHandoffKeepsItsLocalTimeWhenTheClocksChangeMidWeek() {
    // Monday 09:00 London: 09:00Z on 2026-03-23 (GMT), 08:00Z on 2026-03-30 (BST since the 29th)
    Rotation r = new Rotation(List.of("a", "b"), 1, Handoff.WEEKLY, LocalTime.of(9, 0), DayOfWeek.MONDAY,
        t("2026-03-23T09:00:00Z"));
    Schedule s = schedule("Europe/London", r);
    assertThat(until(s, t("2026-03-25T00:00:00Z"))).isEqualTo(t("2026-03-30T08:00:00Z"));
    assertThat(users(s, t("2026-03-30T08:00:00Z"))).containsExactly("b");
  }

  @Test
  void dailyHandoffStaysAtNineLocalAcrossLondonSpringForward() {
    // London springs forward at 01:00Z on 2026-03-29: 09:00 local is 09:00Z on the 28th, 08:00Z on the 29th
    Schedule s = schedule("Europe/London", daily("09:00", "2026-03-27T09:00:00Z", "a", "b"));
    assertThat(OnCall.at(s, t("2026-03-28T09:00:00Z"))).containsExactly(new OnCallShift("b", t("2026-03-29T08:00:00Z")));
    // Then the 23-hour day has exactly one hand-off, at 09:00 BST
    assertThat(users(s, t("2026-03-29T07:59:59Z"))).containsExactly("b");
    assertThat(users(s, t("2026-03-29T08:00:00Z"))).containsExactly("a");
    assertThat(until(s, t("2026-03-29T08:00:00Z"))).isEqualTo(t("2026-03-30T08:00:00Z"));
  }

  @Test
  void dailyHandoffStaysAtNineLocalAcrossLondonFallBack() {
    // London falls back at 01:00Z on 2026-10-25: 09:00 local is 08:00Z on the 24th, 09:00Z on the 25th
    Schedule s = schedule("Europe/London", daily("09:00", "2026-10-23T08:00:00Z", "a", "b"));
    assertThat(OnCall.at(s, t("2026-10-24T08:00:00Z"))).containsExactly(new OnCallShift("b", t("2026-10-25T09:00:00Z")));
    // Then the 25-hour shift has no extra hand-off at 08:00Z
    assertThat(users(s, t("2026-10-25T08:30:00Z"))).containsExactly("b");
    assertThat(users(s, t("2026-10-25T09:00:00Z"))).containsExactly("a");
  }

  @Test
  void aHandoffInsideTheSpringForwardGapHappensAtTheFirstInstantAfterIt() {
    // New York skips 02:00-03:00 on 2026-03-08; a 02:30 hand-off happens at 03:30 EDT (07:30Z)
    Schedule s = schedule("America/New_York", daily("02:30", "2026-03-06T07:30:00Z", "a", "b"));
    assertThat(until(s, t("2026-03-07T12:00:00Z"))).isEqualTo(t("2026-03-08T07:30:00Z"));
    assertThat(users(s, t("2026-03-08T07:30:00Z"))).containsExactly("a");
    // and the next day is back at 02:30 EDT (06:30Z)
    assertThat(until(s, t("2026-03-08T07:30:00Z"))).isEqualTo(t("2026-03-09T06:30:00Z"));
  }

  @Test
  void aHandoffInsideTheFallBackOverlapHappensOnceAtItsFirstOccurrence() {
    // New York repeats 01:00-02:00 on 2026-11-01; 01:30 first occurs at 05:30Z (EDT)
    Schedule s = schedule("America/New_York", daily("01:30", "2026-10-31T05:30:00Z", "a", "b"));
    assertThat(OnCall.at(s, t("2026-11-01T05:30:00Z"))).containsExactly(new OnCallShift("b", t("2026-11-02T06:30:00Z")));
    // the second 01:30 (06:30Z) is not a hand-off
    assertThat(users(s, t("2026-11-01T06:45:00Z"))).containsExactly("b");
  }

  @Test
  void anOverrideWinsOverTheRotationWhileItLasts() {
    Schedule s = schedule("UTC", daily("09:00", "2026-01-05T09:00:00Z", "a", "b"),
        new ScheduleOverride("cover", t("2026-01-05T12:00:00Z"), t("2026-01-05T14:00:00Z")));
    assertThat(OnCall.at(s, t("2026-01-05T11:00:00Z"))).containsExactly(new OnCallShift("a", t("2026-01-05T12:00:00Z")));
    assertThat(OnCall.at(s, t("2026-01-05T13:00:00Z"))).containsExactly(new OnCallShift("cover", t("2026-01-05T14:00:00Z")));
    assertThat(OnCall.at(s, t("2026-01-05T14:00:00Z"))).containsExactly(new OnCallShift("a", t("2026-01-06T09:00:00Z")));
  }

  @Test
  void anOverrideIsInForceFromItsStartAndNotAtItsEnd() {
    Schedule s = schedule("UTC", daily("09:00", "2026-01-05T09:00:00Z", "a"),
        new ScheduleOverride("cover", t("2026-01-05T12:00:00Z"), t("2026-01-05T14:00:00Z")));
    assertThat(users(s, t("2026-01-05T11:59:59.999Z"))).containsExactly("a");
    assertThat(users(s, t("2026-01-05T12:00:00Z"))).containsExactly("cover");
    assertThat(users(s, t("2026-01-05T13:59:59.999Z"))).containsExactly("cover");
    assertThat(users(s, t("2026-01-05T14:00:00Z"))).containsExactly("a");
  }

  @Test
  void anOverrideSpanningAHandoffHidesItAndTheRotationResumesWithTheRightParticipant() {
    Schedule s = schedule("UTC", daily("09:00", "2026-01-05T09:00:00Z", "a", "b"),
        new ScheduleOverride("cover", t("2026-01-06T06:00:00Z"), t("2026-01-06T12:00:00Z")));
    assertThat(until(s, t("2026-01-06T08:00:00Z"))).isEqualTo(t("2026-01-06T12:00:00Z"));
    assertThat(OnCall.at(s, t("2026-01-06T12:00:00Z"))).containsExactly(new OnCallShift("b", t("2026-01-07T09:00:00Z")));
  }

  @Test
  void overlappingOverridesPutEveryoneInForceOnCallEarliestStartingFirst() {
    Schedule s = schedule("UTC", daily("09:00", "2026-01-05T09:00:00Z", "a"),
        new ScheduleOverride("late", t("2026-01-05T13:00:00Z"), t("2026-01-05T15:00:00Z")),
        new ScheduleOverride("early", t("2026-01-05T12:00:00Z"), t("2026-01-05T18:00:00Z")));
    assertThat(OnCall.at(s, t("2026-01-05T12:30:00Z"))).containsExactly(new OnCallShift("early", t("2026-01-05T13:00:00Z")));
    assertThat(OnCall.at(s, t("2026-01-05T13:00:00Z"))).containsExactly(
        new OnCallShift("early", t("2026-01-05T15:00:00Z")), new OnCallShift("late", t("2026-01-05T15:00:00Z")));
    assertThat(OnCall.at(s, t("2026-01-05T15:00:00Z"))).containsExactly(new OnCallShift("early", t("2026-01-05T18:00:00Z")));
  }

  @Test
  void aUserCoveringTwiceAtOnceIsOnCallOnce() {
    Schedule s = schedule("UTC", daily("09:00", "2026-01-05T09:00:00Z", "a"),
        new ScheduleOverride("cover", t("2026-01-05T12:00:00Z"), t("2026-01-05T15:00:00Z")),
        new ScheduleOverride("cover", t("2026-01-05T13:00:00Z"), t("2026-01-05T14:00:00Z")));
    assertThat(OnCall.at(s, t("2026-01-05T13:30:00Z"))).containsExactly(new OnCallShift("cover", t("2026-01-05T14:00:00Z")));
  }

  @Test
  void anEmptyRotationPutsNobodyOnCallExceptDuringOverrides() {
    Schedule s = schedule("UTC", daily("09:00", "2026-01-05T09:00:00Z"),
        new ScheduleOverride("cover", t("2026-01-05T12:00:00Z"), t("2026-01-05T14:00:00Z")));
    assertThat(OnCall.at(s, t("2026-01-05T11:00:00Z"))).isEmpty();
    assertThat(OnCall.at(s, t("2026-01-05T12:00:00Z"))).containsExactly(new OnCallShift("cover", t("2026-01-05T14:00:00Z")));
    assertThat(OnCall.at(s, t("2026-01-05T14:00:00Z"))).isEmpty();
  }

  @Test
  void aYearOfDailyHandoffsInLondonAgreesWithSteppingShiftByShift() {
    // Given a daily 09:00 rotation of three in London, through both 2026 clock changes
    Schedule s = schedule("Europe/London", daily("09:00", "2026-01-01T09:00:00Z", "a", "b", "c"));
    Instant at = t("2026-01-01T09:00:00Z");
    // When stepping from each answer's until to the next, 365 times
    for (int day = 0; day < 365; day++) {
      List<OnCallShift> now = OnCall.at(s, at);
      // Then shift n belongs to participant n mod 3, every hand-off is at 09:00 local, and one a day
      assertThat(now).extracting(OnCallShift::userId).containsExactly(List.of("a", "b", "c").get(day % 3));
      assertThat(at.atZone(LONDON).toLocalTime()).isEqualTo(LocalTime.of(9, 0));
      Duration length = Duration.between(at, now.get(0).until());
      assertThat(length).isBetween(Duration.ofHours(23), Duration.ofHours(25));
      // and asking mid-shift directly gives the same answer
      assertThat(OnCall.at(s, at.plus(length.dividedBy(2)))).isEqualTo(now);
      at = now.get(0).until();
    }
    assertThat(at).isEqualTo(t("2027-01-01T09:00:00Z"));
    assertThat(users(s, t("2027-01-01T09:00:00Z"))).containsExactly(List.of("a", "b", "c").get(365 % 3));
  }

  @Test
  void anInvalidScheduleIsRefused() {
    Schedule s = schedule("Mars/Olympus", daily("09:00", "2026-01-01T09:00:00Z", "a"));
    assertThatThrownBy(() -> OnCall.at(s, t("2026-01-02T00:00:00Z"))).isInstanceOf(IllegalArgumentException.class);
  }
}

package org.crisisline.events.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleRulesTest {
  static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

  static Rotation rotation(int shiftLength, String... who) {
    return new Rotation(List.of(who), shiftLength, Handoff.DAILY, LocalTime.of(9, 0), null, START);
  }

  static List<String> fields(Schedule s) {
    return ScheduleRules.problems(s).stream().map(FieldProblem::field).toList();
  }

  @Test
  void aScheduleWithParticipantsAndAKnownZoneIsValid() {
    assertThat(ScheduleRules.problems(new Schedule("s", "Supervisors", "Europe/London", rotation(1, "a", "b"), List.of())))
        .isEmpty();
  }

  @Test
  void noParticipantsAndNoOverridesIsAProblemOfRotationParticipants() {
    assertThat(fields(new Schedule("s", "S", "UTC", rotation(1), List.of()))).containsExactly("rotation.participants");
  }

  @Test
  void noParticipantsButAnOverrideIsValid() {
    var cover = new ScheduleOverride("a", START, START.plusSeconds(3600));
    assertThat(fields(new Schedule("s", "S", "UTC", rotation(1), List.of(cover)))).isEmpty();
  }

  @Test
  void aZeroOrNegativeShiftLengthIsAProblemOfRotationShiftLength() {
    assertThat(fields(new Schedule("s", "S", "UTC", rotation(0, "a"), List.of()))).containsExactly("rotation.shiftLength");
    assertThat(fields(new Schedule("s", "S", "UTC", rotation(-3, "a"), List.of()))).containsExactly("rotation.shiftLength");
  }

  @Test
  void anUnknownOrMissingTimeZoneIsAProblemOfTimeZone() {
    assertThat(fields(new Schedule("s", "S", "Europe/Atlantis", rotation(1, "a"), List.of()))).containsExactly("timeZone");
    assertThat(fields(new Schedule("s", "S", null, rotation(1, "a"), List.of()))).containsExactly("timeZone");
  }

  @Test
  void anOverrideEndingBeforeOrWhenItStartsIsAProblemOfItsTo() {
    var fine = new ScheduleOverride("a", START, START.plusSeconds(60));
    var backwards = new ScheduleOverride("b", START, START.minusSeconds(60));
    var empty = new ScheduleOverride("c", START, START);
    assertThat(fields(new Schedule("s", "S", "UTC", rotation(1, "a"), List.of(fine, backwards, empty))))
        .containsExactly("overrides[1].to", "overrides[2].to");
  }

  @Test
  void aWeeklyRotationNeedsAHandoffDay() {
    var weekly = new Rotation(List.of("a"), 1, Handoff.WEEKLY, LocalTime.NOON, null, START);
    assertThat(fields(new Schedule("s", "S", "UTC", weekly, List.of()))).containsExactly("rotation.handoffDay");
    var monday = new Rotation(List.of("a"), 1, Handoff.WEEKLY, LocalTime.NOON, DayOfWeek.MONDAY, START);
    assertThat(fields(new Schedule("s", "S", "UTC", monday, List.of()))).isEmpty();
  }

  @Test
  void everyMissingFieldIsNamed() {
    var bare = new Rotation(List.of(" a"), 1, null, null, null, null);
    assertThat(fields(new Schedule("s", " ", "UTC", bare, List.of(new ScheduleOverride(null, null, null)))))
        .containsExactly("name", "rotation.participants[0]", "rotation.handoff", "rotation.handoffTime",
            "rotation.start", "overrides[0].userId", "overrides[0].from", "overrides[0].to");
    assertThat(fields(new Schedule("s", "S", "UTC", null, List.of()))).containsExactly("rotation");
  }
}

package org.crisisline.events.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the schedule and instant: {@code until} is after {@code at} and nothing changes before it. */
class OnCallPropertiesTest {
  // Zones with DST both ways, a half-hour offset, a half-hour DST shift, and none at all.
  private static final List<String> ZONES = List.of("Europe/London", "America/New_York", "Australia/Sydney",
      "Asia/Kolkata", "Australia/Lord_Howe", "America/Santiago", "UTC");
  private static final Instant FROM = Instant.parse("2025-06-01T00:00:00Z");
  private static final long SPAN = Duration.ofDays(800).getSeconds();

  @Property(tries = 500)
  void untilIsAfterAtAndTheOnCallSetHoldsUntilThen(@ForAll("schedules") Schedule s, @ForAll("instants") Instant at) {
    List<OnCallShift> now = OnCall.at(s, at);
    if (now.isEmpty()) {
      return;
    }
    Instant until = now.get(0).until();
    assertThat(now).allSatisfy(shift -> assertThat(shift.until()).isEqualTo(until).isAfter(at));
    Duration span = Duration.between(at, until);
    for (Instant probe : List.of(until.minusNanos(1), at.plus(span.dividedBy(2)), at.plus(span.dividedBy(7)))) {
      assertThat(OnCall.at(s, probe)).as("at %s", probe).isEqualTo(now);
    }
  }

  @Property(tries = 200)
  void steppingFromUntilToUntilMatchesAskingDirectly(@ForAll("schedules") Schedule s, @ForAll("instants") Instant at) {
    Instant t = at;
    for (int i = 0; i < 20; i++) {
      List<OnCallShift> now = OnCall.at(s, t);
      if (now.isEmpty()) {
        return;
      }
      Instant next = now.get(0).until();
      assertThat(next).isAfter(t);
      assertThat(OnCall.at(s, next.minusMillis(1))).extracting(OnCallShift::userId)
          .isEqualTo(now.stream().map(OnCallShift::userId).toList());
      t = next;
    }
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.longs().between(0, SPAN).map(FROM::plusSeconds);
  }

  @Provide
  Arbitrary<Schedule> schedules() {
    Arbitrary<Rotation> rotations = Combinators.combine(
        Arbitraries.of("a", "b", "c", "d").list().ofMaxSize(4),
        Arbitraries.integers().between(1, 5),
        Arbitraries.of(Handoff.class),
        Arbitraries.integers().between(0, 24 * 60 - 1).map(m -> LocalTime.of(m / 60, m % 60)),
        Arbitraries.of(DayOfWeek.class),
        instants()).as(Rotation::new);
    Arbitrary<ScheduleOverride> overrides = Combinators.combine(
        Arbitraries.of("x", "y", "a"), instants(), Arbitraries.longs().between(60, Duration.ofDays(3).getSeconds()))
        .as((user, from, length) -> new ScheduleOverride(user, from, from.plusSeconds(length)));
    return Combinators.combine(Arbitraries.of(ZONES), rotations, overrides.list().ofMaxSize(3))
        .as((zone, rotation, list) -> new Schedule("s", "S", zone, rotation, list))
        .filter(s -> ScheduleRules.problems(s).isEmpty());
  }
}

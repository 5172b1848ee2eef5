package org.crisisline.intake.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crisisline.intake.directory.Services.on;
import static org.crisisline.intake.directory.Services.service;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.crisisline.events.LocalService;
import org.junit.jupiter.api.Test;

class ServiceHoursTest {
  // 2026-11-27 is a Friday.
  private static final LocalService FRIDAY_NIGHTS = service("nights").zone("UTC")
      .hours(List.of(on(DayOfWeek.FRIDAY, "22:00", "06:00"))).build();

  @Test
  void anOvernightWindowRunsPastMidnightIntoTheNextDay() {
    assertThat(ServiceHours.isOpen(FRIDAY_NIGHTS, Instant.parse("2026-11-27T21:59:00Z"))).isFalse();
    assertThat(ServiceHours.isOpen(FRIDAY_NIGHTS, Instant.parse("2026-11-27T22:00:00Z"))).isTrue();
    assertThat(ServiceHours.isOpen(FRIDAY_NIGHTS, Instant.parse("2026-11-27T23:59:59Z"))).isTrue();
    assertThat(ServiceHours.isOpen(FRIDAY_NIGHTS, Instant.parse("2026-11-28T05:59:00Z"))).as("Saturday 05:59").isTrue();
    assertThat(ServiceHours.isOpen(FRIDAY_NIGHTS, Instant.parse("2026-11-28T06:00:00Z"))).as("Saturday 06:00").isFalse();
    assertThat(ServiceHours.isOpen(FRIDAY_NIGHTS, Instant.parse("2026-11-27T05:00:00Z")))
        .as("Friday early morning belongs to Thursday's night, which has no window").isFalse();
  }

  @Test
  void midnightToMidnightIsOpenAllDayEveryDay() {
    LocalService always = service("always").zone("Pacific/Auckland").hours(Services.every("00:00", "00:00")).build();
    for (int h = 0; h < 24 * 7; h += 5) {
      assertThat(ServiceHours.isOpen(always, Instant.parse("2026-11-23T00:30:00Z").plusSeconds(h * 3600L))).isTrue();
    }
  }

  @Test
  void theSameInstantIsReadInEachServicesOwnTimeZone() {
    // 09:00-17:00 every day; 2026-11-27T15:00Z is 10:00 in New York and 07:00 in Los Angeles.
    Instant at = Instant.parse("2026-11-27T15:00:00Z");
    LocalService newYork = service("ny").zone("America/New_York").hours(Services.every("09:00", "17:00")).build();
    LocalService losAngeles = service("la").zone("America/Los_Angeles").hours(Services.every("09:00", "17:00")).build();
    assertThat(ServiceHours.isOpen(newYork, at)).isTrue();
    assertThat(ServiceHours.isOpen(losAngeles, at)).isFalse();
    // And across the date line: 2026-11-27T12:00Z is already Saturday 01:00 in Auckland.
    LocalService fridaysInAuckland = service("akl").zone("Pacific/Auckland")
        .hours(List.of(on(DayOfWeek.FRIDAY, "00:00", "00:00"))).build();
    assertThat(ServiceHours.isOpen(fridaysInAuckland, Instant.parse("2026-11-27T12:00:00Z"))).isFalse();
    assertThat(ServiceHours.isOpen(fridaysInAuckland, Instant.parse("2026-11-27T10:00:00Z"))).isTrue();
  }

  @Test
  void anUnknownTimeZoneIsClosedRatherThanAGuess() {
    LocalService nowhere = service("x").zone("Mars/Olympus").build();
    assertThat(ServiceHours.isOpen(nowhere, Instant.parse("2026-11-27T12:00:00Z"))).isFalse();
    assertThat(ServiceHours.zoneOf(nowhere)).isNull();
  }

  @Test
  void nextOpenIsTheFirstOpeningAfterNowInTheServicesZone() {
    LocalService weekdays = service("w").zone("America/Chicago").hours(List.of(
        on(DayOfWeek.MONDAY, "09:00", "17:00"), on(DayOfWeek.FRIDAY, "09:00", "17:00"))).build();
    ZoneId chicago = ZoneId.of("America/Chicago");
    // Friday 18:00 in Chicago: closed; next is Monday 09:00 Chicago (15:00Z in November, CST).
    assertThat(ServiceHours.nextOpen(weekdays.schedule(), Instant.parse("2026-11-28T00:00:00Z").atZone(chicago)))
        .isEqualTo(Instant.parse("2026-11-30T15:00:00Z"));
    // Friday 08:00: later the same day.
    assertThat(ServiceHours.nextOpen(weekdays.schedule(), Instant.parse("2026-11-27T14:00:00Z").atZone(chicago)))
        .isEqualTo(Instant.parse("2026-11-27T15:00:00Z"));
    // Across the spring-forward change (2026-03-08): Monday 09:00 CDT is 14:00Z.
    assertThat(ServiceHours.nextOpen(weekdays.schedule(), Instant.parse("2026-03-07T00:00:00Z").atZone(chicago)))
        .isEqualTo(Instant.parse("2026-03-09T14:00:00Z"));
    assertThat(ServiceHours.nextOpen(List.of(), Instant.parse("2026-11-27T14:00:00Z").atZone(chicago))).isNull();
  }
}

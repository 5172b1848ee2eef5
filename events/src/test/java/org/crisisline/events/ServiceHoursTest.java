package org.crisisline.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.time.LocalTime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ServiceHoursTest {
  private static LocalService service(String zone, List<LocalService.OpeningHours> hours) {
    return new LocalService("e", Instant.EPOCH, "svc", "Org", "Name", null, List.of(ReferralKind.SUPPORT_GROUP),
        ServiceStatus.ACTIVE, null, List.of("en"), null, hours, zone, null, null, null, null, null);
  }

  private static LocalService.OpeningHours on(DayOfWeek day, String opens, String closes) {
    return new LocalService.OpeningHours(day, LocalTime.parse(opens), LocalTime.parse(closes));
  }

  private static List<LocalService.OpeningHours> every(String opens, String closes) {
    return Arrays.stream(DayOfWeek.values()).map(d -> on(d, opens, closes)).toList();
  }

  // 2026-11-27 is a Friday.
  private static final LocalService FRIDAY_NIGHTS = service("UTC", List.of(on(DayOfWeek.FRIDAY, "22:00", "06:00")));

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
    LocalService always = service("Pacific/Auckland", every("00:00", "00:00"));
    for (int h = 0; h < 24 * 7; h += 5) {
      assertThat(ServiceHours.isOpen(always, Instant.parse("2026-11-23T00:30:00Z").plusSeconds(h * 3600L))).isTrue();
    }
  }

  @Test
  void theSameInstantIsReadInEachServicesOwnTimeZone() {
    // 09:00-17:00 every day; 2026-11-27T15:00Z is 10:00 in New York and 07:00 in Los Angeles.
    Instant at = Instant.parse("2026-11-27T15:00:00Z");
    LocalService newYork = service("America/New_York", every("09:00", "17:00"));
    LocalService losAngeles = service("America/Los_Angeles", every("09:00", "17:00"));
    assertThat(ServiceHours.isOpen(newYork, at)).isTrue();
    assertThat(ServiceHours.isOpen(losAngeles, at)).isFalse();
    // And across the date line: 2026-11-27T12:00Z is already Saturday 01:00 in Auckland.
    LocalService fridaysInAuckland = service("Pacific/Auckland", List.of(on(DayOfWeek.FRIDAY, "00:00", "00:00")));
    assertThat(ServiceHours.isOpen(fridaysInAuckland, Instant.parse("2026-11-27T12:00:00Z"))).isFalse();
    assertThat(ServiceHours.isOpen(fridaysInAuckland, Instant.parse("2026-11-27T10:00:00Z"))).isTrue();
  }

  @Test
  void anUnknownTimeZoneIsClosedRatherThanAGuess() {
    LocalService nowhere = service("Mars/Olympus", List.of());
    assertThat(ServiceHours.isOpen(nowhere, Instant.parse("2026-11-27T12:00:00Z"))).isFalse();
    assertThat(ServiceHours.zoneOf(nowhere)).isNull();
  }

  @Test
  void nextOpenIsTheFirstOpeningAfterNowInTheServicesZone() {
    LocalService weekdays = service("America/Chicago", List.of(
        on(DayOfWeek.MONDAY, "09:00", "17:00"), on(DayOfWeek.FRIDAY, "09:00", "17:00")));
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

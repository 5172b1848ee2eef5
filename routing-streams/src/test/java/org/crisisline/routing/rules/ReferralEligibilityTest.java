package org.crisisline.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.Channel;
import org.crisisline.events.Contact;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.LocalService;
import org.crisisline.events.Need;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.ServiceStatus;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

class ReferralEligibilityTest {
  /** A Friday. */
  static final Instant FRIDAY_10_UTC = Instant.parse("2026-11-20T10:00:00Z");

  @Test
  void anOvernightWindowIsOpenLateOnItsDayAndEarlyTheNextMorning() {
    LocalService s = service(List.of(hours(DayOfWeek.FRIDAY, 22, 6)), "UTC");
    assertThat(ReferralEligibility.isOpen(s, Instant.parse("2026-11-20T23:30:00Z"))).isTrue();
    assertThat(ReferralEligibility.isOpen(s, Instant.parse("2026-11-21T05:59:00Z"))).isTrue();
    assertThat(ReferralEligibility.isOpen(s, Instant.parse("2026-11-21T06:00:00Z"))).isFalse();
    assertThat(ReferralEligibility.isOpen(s, Instant.parse("2026-11-20T21:59:00Z"))).isFalse();
    // Thursday night's early hours are not Friday's window
    assertThat(ReferralEligibility.isOpen(s, Instant.parse("2026-11-20T05:00:00Z"))).isFalse();
  }

  @Test
  void aDaytimeWindowIncludesItsOpeningAndExcludesItsClosingMinute() {
    LocalService s = service(List.of(hours(DayOfWeek.FRIDAY, 9, 17)), "UTC");
    assertThat(ReferralEligibility.isOpen(s, Instant.parse("2026-11-20T09:00:00Z"))).isTrue();
    assertThat(ReferralEligibility.isOpen(s, Instant.parse("2026-11-20T17:00:00Z"))).isFalse();
  }

  @Test
  void openingHoursAreReadInTheServicesOwnTimeZone() {
    // 10:00 UTC is 02:00 in Los Angeles: a 09-17 service there is closed
    LocalService la = service(List.of(hours(DayOfWeek.FRIDAY, 9, 17)), "America/Los_Angeles");
    assertThat(ReferralEligibility.isOpen(la, FRIDAY_10_UTC)).isFalse();
    assertThat(ReferralEligibility.isOpen(la, Instant.parse("2026-11-20T18:00:00Z"))).isTrue();
  }

  @Test
  void aServiceWithAnUnknownTimeZoneIsTreatedAsClosed() {
    assertThat(ReferralEligibility.isOpen(service(List.of(hours(DayOfWeek.FRIDAY, 0, 0)), "Mars/Olympus"),
        FRIDAY_10_UTC)).isFalse();
  }

  @Test
  void aPostalPrefixMatchesIgnoringSpacesAndCase() {
    LocalService s = withArea(new LocalService.ServiceArea(List.of(), List.of("sw1a ")));
    assertThat(ReferralEligibility.covers(s, "elsewhere", "SW1A 1AA")).isTrue();
    assertThat(ReferralEligibility.covers(s, "elsewhere", "SW2 1AA")).isFalse();
    assertThat(ReferralEligibility.covers(s, "elsewhere", null)).isFalse();
  }

  @Test
  void aRegionMatchesIgnoringCaseAndNoServiceAreaCoversNothing() {
    assertThat(ReferralEligibility.covers(withArea(new LocalService.ServiceArea(List.of("North"), List.of())),
        "north", null)).isTrue();
    assertThat(ReferralEligibility.covers(withArea(null), "north", "97201")).isFalse();
  }

  @Test
  void aServiceTakesAnAgeGroupOnlyIfTheWholeBandLiesWithinItsLimits() {
    assertThat(ReferralEligibility.takesAge(withAges(18, null), AgeGroup.ADULT)).isTrue();
    assertThat(ReferralEligibility.takesAge(withAges(65, null), AgeGroup.ADULT)).isFalse();
    assertThat(ReferralEligibility.takesAge(withAges(null, 17), AgeGroup.ADULT)).isFalse();
  }

  @Test
  void anUnknownAgeIsSafeOnlyWithAServiceWithoutAgeLimits() {
    assertThat(ReferralEligibility.takesAge(withAges(null, null), null)).isTrue();
    assertThat(ReferralEligibility.takesAge(withAges(18, null), null)).isFalse();
  }

  @Test
  void anActiveOpenServiceOfTheKindAndLanguageWithAPlaceLeftIsEligible() {
    LocalService s = service(List.of(hours(DayOfWeek.FRIDAY, 9, 17)), "UTC");
    assertThat(ReferralEligibility.eligible(s, 1, request("EN"), FRIDAY_10_UTC)).isTrue();
    assertThat(ReferralEligibility.eligible(s, 0, request("en"), FRIDAY_10_UTC)).isFalse();
    assertThat(ReferralEligibility.eligible(s, 1, request("fr"), FRIDAY_10_UTC)).isFalse();
  }

  @Test
  void aServiceThatIsNotActiveIsNotEligible() {
    LocalService s = service(List.of(hours(DayOfWeek.FRIDAY, 9, 17)), "UTC");
    LocalService closed = new LocalService(s.eventId(), s.occurredAt(), s.serviceId(), s.organization(), s.name(),
        s.description(), s.kinds(), ServiceStatus.TEMPORARILY_CLOSED, s.serviceArea(), s.languages(),
        s.eligibility(), s.schedule(), s.timeZone(), s.capacity(), s.intakeContact(), null, null, null);
    assertThat(ReferralEligibility.eligible(closed, 1, request("en"), FRIDAY_10_UTC)).isFalse();
  }

  @Test
  void whyNotNamesTheFirstRuleAServiceFailsAndNothingWhenItMayTakeTheReferral() {
    LocalService open = service(List.of(hours(DayOfWeek.FRIDAY, 9, 17)), "UTC");
    assertThat(ReferralEligibility.whyNot(open, 1, request("en"), FRIDAY_10_UTC)).isEmpty();
    assertThat(ReferralEligibility.whyNot(open, 0, request("en"), FRIDAY_10_UTC)).contains("it has no places left");
    assertThat(ReferralEligibility.whyNot(open, 1, request("fr"), FRIDAY_10_UTC)).contains("it does not speak fr");
    assertThat(ReferralEligibility.whyNot(open, 1, request("en"), Instant.parse("2026-11-20T18:00:00Z")))
        .contains("it is closed now");
    assertThat(ReferralEligibility.whyNot(withAges(65, null), 1, request("en"), FRIDAY_10_UTC))
        .contains("it does not take age group ADULT");
    assertThat(ReferralEligibility.whyNot(withArea(new LocalService.ServiceArea(List.of("south"), List.of("10"))), 1,
        request("en"), FRIDAY_10_UTC)).hasValueSatisfying(why -> assertThat(why)
            .isEqualTo("it does not cover region north or the caller's postal code").doesNotContain("97201"));
    LocalService inactive = new LocalService(open.eventId(), open.occurredAt(), open.serviceId(), open.organization(),
        open.name(), open.description(), List.of(ReferralKind.FAITH_BASED), ServiceStatus.TEMPORARILY_CLOSED,
        open.serviceArea(), open.languages(), open.eligibility(), open.schedule(), open.timeZone(), open.capacity(),
        open.intakeContact(), null, null, null);
    // Status comes first, then the kind: the first rule failed is the one named
    assertThat(ReferralEligibility.whyNot(inactive, 1, request("en"), FRIDAY_10_UTC))
        .contains("it is TEMPORARILY_CLOSED");
    LocalService food = new LocalService(open.eventId(), open.occurredAt(), open.serviceId(), open.organization(),
        open.name(), open.description(), List.of(ReferralKind.FAITH_BASED), ServiceStatus.ACTIVE, open.serviceArea(),
        open.languages(), open.eligibility(), open.schedule(), open.timeZone(), open.capacity(), open.intakeContact(),
        null, null, null);
    assertThat(ReferralEligibility.whyNot(food, 1, request("en"), FRIDAY_10_UTC))
        .contains("it does not offer SUPPORT_GROUP");
  }

  private static LocalService.OpeningHours hours(DayOfWeek day, int opens, int closes) {
    return new LocalService.OpeningHours(day, LocalTime.of(opens, 0), LocalTime.of(closes, 0));
  }

  private static HelpRequestLogged request(String language) {
    return new HelpRequestLogged("e", FRIDAY_10_UTC, "req-1", Channel.PHONE, Urgency.LOW, Need.REFERRAL,
        ReferralKind.SUPPORT_GROUP, language, "north", "97201", AgeGroup.ADULT, List.of(), null, null, false, "staff");
  }

  private static LocalService service(List<LocalService.OpeningHours> schedule, String zone) {
    return new LocalService("e", FRIDAY_10_UTC, "svc", "Org", "Group", "weekly group",
        List.of(ReferralKind.SUPPORT_GROUP), ServiceStatus.ACTIVE,
        new LocalService.ServiceArea(List.of("north"), List.of()), List.of("en"),
        new LocalService.Eligibility(18, null, "adults"), schedule, zone,
        new LocalService.Capacity(5, 10, FRIDAY_10_UTC), new Contact("+15550001111", "svc@example.org"),
        null, null, null);
  }

  private static LocalService withArea(LocalService.ServiceArea area) {
    LocalService s = service(List.of(), "UTC");
    return new LocalService(s.eventId(), s.occurredAt(), s.serviceId(), s.organization(), s.name(), s.description(),
        s.kinds(), s.status(), area, s.languages(), s.eligibility(), s.schedule(), s.timeZone(), s.capacity(),
        s.intakeContact(), null, null, null);
  }

  private static LocalService withAges(Integer min, Integer max) {
    LocalService s = service(List.of(), "UTC");
    return new LocalService(s.eventId(), s.occurredAt(), s.serviceId(), s.organization(), s.name(), s.description(),
        s.kinds(), s.status(), s.serviceArea(), s.languages(),
        min == null && max == null ? new LocalService.Eligibility(null, null, null)
            : new LocalService.Eligibility(min, max, null),
        s.schedule(), s.timeZone(), s.capacity(), s.intakeContact(), null, null, null);
  }
}

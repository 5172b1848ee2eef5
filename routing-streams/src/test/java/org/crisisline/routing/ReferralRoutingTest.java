package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.crisisline.events.Contact;
import org.crisisline.events.Ids;
import org.crisisline.events.LocalService;
import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.ServiceStatus;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

/** Referrals to directory services (the rule: {@link org.crisisline.routing.rules.ReferralEligibility}). */
class ReferralRoutingTest {

  /** A support group in north, Spanish and English, adults, open Fridays 09-17 UTC, 2 places. */
  static LocalService service(String id, ServiceStatus status, List<String> languages, Integer minAge,
      DayOfWeek day, int places) {
    return new LocalService(Ids.newId(), RoutingDriver.T0, id, "Org " + id, "Group " + id, "weekly group",
        List.of(ReferralKind.SUPPORT_GROUP), status, new LocalService.ServiceArea(List.of("north"), List.of()),
        languages, new LocalService.Eligibility(minAge, null, "adults"),
        List.of(new LocalService.OpeningHours(day, LocalTime.of(9, 0), LocalTime.of(17, 0))), "UTC",
        new LocalService.Capacity(places, 10, RoutingDriver.T0), new Contact("+15550001111", id + "@example.org"),
        "free", "step-free", null);
  }

  @Test
  void referralSkipsClosedAndFullServices() {
    try (RoutingDriver d = new RoutingDriver()) {
      // Given services that are closed today, full, inactive, in another language, for youth only,
      // and one that fits
      d.service(service("svc-closed-today", ServiceStatus.ACTIVE, List.of("en"), 18, DayOfWeek.MONDAY, 5));
      d.service(service("svc-full", ServiceStatus.ACTIVE, List.of("en"), 18, DayOfWeek.FRIDAY, 0));
      d.service(service("svc-inactive", ServiceStatus.TEMPORARILY_CLOSED, List.of("en"), 18, DayOfWeek.FRIDAY, 5));
      d.service(service("svc-spanish", ServiceStatus.ACTIVE, List.of("es"), 18, DayOfWeek.FRIDAY, 5));
      d.service(service("svc-youth", ServiceStatus.ACTIVE, List.of("en"), 65, DayOfWeek.FRIDAY, 5));
      d.service(service("svc-open", ServiceStatus.ACTIVE, List.of("en", "es"), 18, DayOfWeek.FRIDAY, 1));
      // When an adult asks for a support group in English on Friday at 10:00
      d.request("req-1", Urgency.LOW, Need.REFERRAL, "en", "north");
      // Then it is referred to the one open service with a place, and waits for its answer
      OfferMade o = d.lastOffer("req-1");
      assertThat(o.serviceId()).isEqualTo("svc-open");
      assertThat(o.responderId()).isNull();
      assertThat(o.isReferral()).isTrue();
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.REFERRED);
      // When a second one asks, the only fitting service is now full: it waits
      d.request("req-2", Urgency.LOW, Need.REFERRAL, "en", "north");
      assertThat(d.offersFor("req-2")).isEmpty();
      assertThat(d.status("req-2")).isEqualTo(RequestStatus.QUEUED);
      // When the service reports new places, the waiting referral goes there
      LocalService refreshed = service("svc-open", ServiceStatus.ACTIVE, List.of("en", "es"), 18, DayOfWeek.FRIDAY, 3);
      d.service(new LocalService(Ids.newId(), d.now(), refreshed.serviceId(), refreshed.organization(),
          refreshed.name(), refreshed.description(), refreshed.kinds(), refreshed.status(), refreshed.serviceArea(),
          refreshed.languages(), refreshed.eligibility(), refreshed.schedule(), refreshed.timeZone(),
          new LocalService.Capacity(3, 10, d.now()), refreshed.intakeContact(), null, null, null));
      assertThat(d.lastOffer("req-2").serviceId()).isEqualTo("svc-open");
    }
  }

  @Test
  void aWaitingReferralIsMadeWhenAServiceOpensByItsSchedule() {
    try (RoutingDriver d = new RoutingDriver()) {
      // Given a service that opens at 10:30 UTC on Fridays; it is 10:00
      LocalService later = service("svc-later", ServiceStatus.ACTIVE, List.of("en"), 18, DayOfWeek.FRIDAY, 5);
      d.service(new LocalService(later.eventId(), later.occurredAt(), later.serviceId(), later.organization(),
          later.name(), later.description(), later.kinds(), later.status(), later.serviceArea(), later.languages(),
          later.eligibility(), List.of(new LocalService.OpeningHours(DayOfWeek.FRIDAY, LocalTime.of(10, 30),
              LocalTime.of(12, 0))), "UTC", later.capacity(), later.intakeContact(), null, null, null));
      d.request("req-1", Urgency.LOW, Need.REFERRAL, "en", "north");
      assertThat(d.offersFor("req-1")).isEmpty();
      // When it opens, the periodic retry (every minute) refers the waiting request
      d.advanceInSteps(Duration.ofMinutes(29), Duration.ofMinutes(1));
      assertThat(d.offersFor("req-1")).isEmpty();
      d.advanceInSteps(Duration.ofMinutes(2), Duration.ofMinutes(1));
      assertThat(d.lastOffer("req-1").serviceId()).isEqualTo("svc-later");
    }
  }
}

package org.crisisline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.crisisline.events.JsonSerde;
import org.crisisline.events.LocalService;
import org.crisisline.events.ReferralKind;
import org.crisisline.intake.domain.LocalServiceInput;
import org.crisisline.routing.rules.ReferralEligibility;
import org.junit.jupiter.api.Test;

/** The demo world pages someone real: every schedule participant has a contact of their own. */
class DemoDataTest {
  @Test
  @SuppressWarnings("unchecked")
  void everyOnCallParticipantIsInTheOnCallDirectory() {
    Set<String> people = new HashSet<>();
    DemoData.onCallPeople().forEach(p -> people.add(p.userId()));
    for (DemoData.Schedule s : DemoData.schedules()) {
      List<String> participants = (List<String>) ((Map<String, Object>) s.body().get("rotation")).get("participants");
      assertThat(people).as("people of schedule " + s.id()).containsAll(participants);
    }
    assertThat(people).containsExactlyInAnyOrder("sup-dana", "sup-ravi");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theSupervisorsPhonesAreTheirOwn() {
    List<Object> phones = new ArrayList<>();
    DemoData.responders().forEach(r -> phones.add(((Map<String, Object>) r.body().get("contact")).get("phone")));
    DemoData.services().forEach(s -> phones.add(((Map<String, Object>) s.body().get("intakeContact")).get("phone")));
    DemoData.onCallPeople().forEach(p -> phones.add(p.body().get("phone")));
    assertThat(new HashSet<>(phones)).as("distinct demo phone numbers").hasSameSizeAs(phones);
    DemoData.onCallPeople().forEach(p -> assertThat((String) p.body().get("phone")).matches("\\+1503555013\\d"));
  }

  /**
   * Decline → next service shows at any hour: some region has two support groups that the admin
   * API accepts and that routing's rule reads as open at every minute-of-hour sampled through a
   * week, with places free.
   */
  @Test
  void oneRegionHasTwoSupportGroupsOpenAtEveryHourWithPlaces() throws Exception {
    Instant now = Instant.parse("2026-11-23T00:00:00Z");
    Map<String, Integer> alwaysOpenByRegion = new java.util.HashMap<>();
    for (DemoData.Service s : DemoData.services()) {
      LocalService svc = LocalServiceInput.parse(s.id(), JsonSerde.MAPPER.writeValueAsString(s.body())
          .getBytes(StandardCharsets.UTF_8), "e", now);
      boolean always = svc.kinds().contains(ReferralKind.SUPPORT_GROUP) && svc.capacity().available() > 0;
      for (Instant t = now; always && t.isBefore(now.plus(Duration.ofDays(8))); t = t.plus(Duration.ofMinutes(17))) {
        always = ReferralEligibility.isOpen(svc, t);
      }
      if (always) {
        svc.serviceArea().regions().forEach(r -> alwaysOpenByRegion.merge(r, 1, Integer::sum));
      }
    }
    assertThat(alwaysOpenByRegion.values()).as("support groups open around the clock, per region: " + alwaysOpenByRegion)
        .anyMatch(n -> n >= 2);
  }
}

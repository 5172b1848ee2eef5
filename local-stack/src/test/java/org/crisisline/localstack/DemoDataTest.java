package org.crisisline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
}

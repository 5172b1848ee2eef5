package org.crisisline.intake.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crisisline.intake.directory.Services.on;
import static org.crisisline.intake.directory.Services.service;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crisisline.events.LocalService;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.ServiceStatus;
import org.junit.jupiter.api.Test;

class DirectoryIndexTest {
  /** A Friday, 14:00 UTC. */
  private static final Instant NOW = Instant.parse("2026-11-27T14:00:00Z");
  private final DirectoryIndex index = new DirectoryIndex();

  private void add(Services... services) {
    for (Services s : services) {
      LocalService svc = s.build();
      index.put(svc.serviceId(), svc);
    }
  }

  private DirectoryIndex.SearchResult search(String... params) {
    Map<String, List<String>> m = new HashMap<>();
    for (int i = 0; i < params.length; i += 2) {
      m.computeIfAbsent(params[i], k -> new java.util.ArrayList<>()).add(params[i + 1]);
    }
    return index.search(DirectoryQuery.parse(m), NOW);
  }

  private static List<String> ids(DirectoryIndex.SearchResult r) {
    return r.hits().stream().map(h -> h.service().serviceId()).toList();
  }

  @Test
  void kindTextAgeAndStatusAreHardFilters() {
    add(service("group").kinds(ReferralKind.SUPPORT_GROUP).name("Veterans Peer Circle"),
        service("faith").kinds(ReferralKind.FAITH_BASED).name("St. Brigid Care"),
        service("closed-for-good").status(ServiceStatus.DEFUNCT),
        service("adults").ages(18, null).name("Veterans Adults"));
    assertThat(ids(search("kind", "FAITH_BASED"))).containsExactly("faith");
    assertThat(ids(search("kind", "FAITH_BASED", "kind", "SUPPORT_GROUP"))).containsExactlyInAnyOrder(
        "faith", "group", "adults");
    assertThat(ids(search("q", "vet circ"))).as("every word begins a word").containsExactly("group");
    assertThat(ids(search("q", "VETERANS"))).containsExactlyInAnyOrder("group", "adults");
    assertThat(ids(search("q", "nothing-like-it"))).isEmpty();
    assertThat(ids(search("q", "veterans", "kind", "SUPPORT_GROUP"))).containsExactlyInAnyOrder("group", "adults");
    assertThat(ids(search("q", "veterans", "kind", "FAITH_BASED"))).isEmpty();
    assertThat(ids(search("q", "care", "kind", "FAITH_BASED", "kind", "SUPPORT_GROUP"))).containsExactly("faith");
    assertThat(ids(search("age", "YOUTH"))).doesNotContain("adults");
    assertThat(ids(search("age", "YOUNG_ADULT"))).contains("adults");
    assertThat(ids(search())).doesNotContain("closed-for-good");
  }

  @Test
  void ageBandsMustFitWhollyInsideTheServicesAges() {
    add(service("teens").ages(13, 24), service("young-adults").ages(18, 25), service("anyone").ages(null, null));
    assertThat(ids(search("age", "YOUTH"))).containsExactlyInAnyOrder("teens", "anyone");
    assertThat(ids(search("age", "YOUNG_ADULT"))).containsExactlyInAnyOrder("young-adults", "anyone");
    assertThat(ids(search("age", "17"))).containsExactlyInAnyOrder("teens", "anyone");
    assertThat(ids(search("age", "CHILD"))).containsExactly("anyone");
  }

  @Test
  void aPostalCodeMatchesAServicesPrefixIgnoringSpacesAndCase() {
    add(service("portland").regions().postalPrefixes("972"),
        service("london").regions().postalPrefixes("sw1a"),
        service("elsewhere").regions().postalPrefixes("100"));
    var r = search("postalCode", "97201", "limit", "1");
    assertThat(ids(r)).containsExactly("portland");
    assertThat(r.hits().get(0).met()).contains("postalCode");
    assertThat(ids(search("postalCode", "SW1A 1AA", "limit", "1"))).containsExactly("london");
    assertThat(r.exact()).isEqualTo(1);
    var elsewhere = search("postalCode", "97201", "limit", "3");
    assertThat(elsewhere.hits().get(1).relaxed()).containsExactly("postalCode");
    assertThat(elsewhere.hits().get(1).why()).contains("Relaxed: serves postal codes ");
  }

  @Test
  void theLanguageMatchesCaseBlindAndRanksAhead() {
    add(service("english").languages("en").name("A"), service("spanish").languages("ES", "en").name("B"));
    var r = search("language", "es");
    assertThat(ids(r)).containsExactly("spanish", "english");
    assertThat(r.hits().get(0).met()).contains("language");
    assertThat(r.hits().get(1).relaxed()).containsExactly("language");
    assertThat(r.hits().get(1).why()).contains("Relaxed: no es (speaks en)");
    assertThat(r.exact()).isEqualTo(1);
  }

  @Test
  void capacityAndOpenNowRankFirstAndAreRelaxedWhenAsked() {
    add(service("full").places(0).name("A full"),
        service("closed").hours(List.of(on(DayOfWeek.MONDAY, "09:00", "17:00"))).name("B closed"),
        service("open-with-room").places(3).name("C open"));
    var all = search();
    assertThat(ids(all)).as("open and with places first, whatever the name").containsExactly(
        "open-with-room", "full", "closed");
    assertThat(all.hits().get(2).why()).contains("Note: closed, opens Mon 09:00");
    assertThat(all.hits().get(2).nextOpen()).isEqualTo(Instant.parse("2026-11-30T09:00:00Z"));
    assertThat(all.hits().get(0).nextOpen()).isNull();
    var asked = search("openNow", "true", "hasCapacity", "true");
    assertThat(asked.exact()).isEqualTo(1);
    assertThat(asked.hits().get(0).met()).containsExactly("openNow", "hasCapacity");
    assertThat(asked.hits().get(1).relaxed()).containsExactly("hasCapacity");
    assertThat(asked.hits().get(1).why()).contains("Relaxed: no places free");
    assertThat(asked.hits().get(2).relaxed()).containsExactly("openNow");
  }

  @Test
  void outsideTheAreaIsSearchedOnlyToFillTheListAndSaysSo() {
    add(service("north-1").regions("north").name("N1"), service("north-2").regions("North").name("N2"),
        service("south-1").regions("south").name("S1"));
    var enough = search("region", "north", "limit", "2");
    assertThat(ids(enough)).containsExactly("north-1", "north-2");
    var more = search("region", "north", "limit", "3");
    assertThat(ids(more)).containsExactly("north-1", "north-2", "south-1");
    assertThat(more.exact()).isEqualTo(2);
    DirectoryHit south = more.hits().get(2);
    assertThat(south.relaxed()).containsExactly("region");
    assertThat(south.why()).contains("Relaxed: serves south only");
    assertThat(more.hits().get(0).why()).startsWith("Meets: serves north; open now; 5 places free.");
  }

  @Test
  void aServiceMeetingEveryFilterOutranksOneThatIsOpenerOrRoomier() {
    add(service("exact").languages("vi").places(1).name("Z"),
        service("roomier").languages("en").places(20).name("A"));
    assertThat(ids(search("language", "vi", "hasCapacity", "true"))).containsExactly("exact", "roomier");
  }

  @Test
  void anUpdateOrATombstoneChangesWhatIsFound() {
    add(service("s").name("Old Name").regions("north"));
    add(service("s").name("New Name").regions("south"));
    assertThat(ids(search("q", "old"))).isEmpty();
    assertThat(ids(search("q", "new"))).containsExactly("s");
    assertThat(search("region", "south").exact()).isEqualTo(1);
    assertThat(search("region", "north").exact()).isZero();
    index.put("s", null);
    assertThat(ids(search())).isEmpty();
    assertThat(index.size()).isZero();
  }
}

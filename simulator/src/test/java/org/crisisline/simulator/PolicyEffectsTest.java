package org.crisisline.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.stream.Collectors;
import org.crisisline.events.Need;
import org.crisisline.events.Urgency;
import org.crisisline.routing.market.RoutingPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What-if answers go the way they must: more staff, better answer rate; relaxing sooner, shorter specialty waits. */
class PolicyEffectsTest {
  @TempDir
  Path tmp;

  @Test
  void oneMoreCounsellorOnAnOverloadedDayRaisesAnsweredWithinSla() throws Exception {
    // Given an overloaded day: 12 calls an hour of 15 minutes each (3 counsellors' worth of work) for 8 hours
    Scenario day = SyntheticDay.build(new SyntheticDay.Settings(12, 8, 0, Duration.ofMinutes(15),
        Duration.ofSeconds(10), 1.0, Urgency.MODERATE, null, 11));
    Path three = roster("three.csv", 3);
    Path four = roster("four.csv", 4);
    RoutingPolicy policy = RoutingPolicy.defaults();
    // When it runs with the roster of three, then with one more counsellor
    Summary.Figures before = run(day.withRoster(RosterFile.read(three, day.start(), day.end()), day.behaviour()),
        policy);
    Summary.Figures after = run(day.withRoster(RosterFile.read(four, day.start(), day.end()), day.behaviour()),
        policy);
    // Then the same callers are answered within SLA more often, and sooner
    assertThat(before.requests()).isEqualTo(after.requests()).isGreaterThan(60);
    assertThat(before.answeredWithinSla()).isLessThan(0.9);
    assertThat(after.answeredWithinSla()).isGreaterThan(before.answeredWithinSla() + 0.05);
    assertThat(after.meanSpeed()).isLessThan(before.meanSpeed());
  }

  @Test
  void aShorterSpecialtyRelaxTimeShortensWaitsForSpecialtyRequests() {
    // Given a day where a third of callers ask for a veterans specialist, and one of four counsellors is one
    Scenario day = specialtyDay();
    Set<String> specialty = day.callers().stream().filter(c -> !c.specialties().isEmpty())
        .map(Scenario.Caller::requestId).collect(Collectors.toSet());
    // When specialty preference is relaxed after 10 minutes, then after 1 minute
    double slow = meanSpeedOf(day, RoutingPolicy.defaults().with(Map.of("specialty.relax.after", "600")), specialty);
    double fast = meanSpeedOf(day, RoutingPolicy.defaults().with(Map.of("specialty.relax.after", "60")), specialty);
    // Then specialty requests wait less on average
    assertThat(specialty).hasSizeGreaterThan(20);
    assertThat(fast).isLessThan(slow * 0.8);
  }

  private Path roster(String name, int counsellors) throws Exception {
    StringBuilder b = new StringBuilder(RosterFile.HEADER).append('\n');
    for (int i = 1; i <= counsellors; i++) {
      b.append("c-").append(i).append(",HOTLINE_COUNSELLOR,sim,en,,1,00:00-24:00\n");
    }
    return Files.writeString(tmp.resolve(name), b.toString());
  }

  private static Summary.Figures run(Scenario s, RoutingPolicy p) {
    return Summary.of(new Simulator(p, 11, line -> { }).run(s), p).overall();
  }

  private static double meanSpeedOf(Scenario s, RoutingPolicy p, Set<String> ids) {
    Outcomes o = new Simulator(p, 5, line -> { }).run(s);
    return o.requests().stream().filter(r -> ids.contains(r.requestId) && r.accepted())
        .mapToLong(r -> r.acceptedAt - r.loggedAt).average().orElseThrow();
  }

  private static Scenario specialtyDay() {
    SplittableRandom random = new SplittableRandom(5);
    List<Scenario.Caller> callers = new ArrayList<>();
    var t = SyntheticDay.START;
    var end = SyntheticDay.START.plus(Duration.ofHours(8));
    for (int i = 1; ; i++) {
      t = t.plus(Distributions.exponential(random, Duration.ofMinutes(6)));
      if (!t.isBefore(end)) {
        break;
      }
      List<String> wants = random.nextDouble() < 1 / 3.0 ? List.of("VETERANS") : List.of();
      callers.add(new Scenario.Caller(String.format("sp-%04d", i), t, Urgency.MODERATE, Need.CRISIS_COUNSELLING, null,
          "en", SyntheticDay.REGION, wants, Distributions.exponential(random, Duration.ofMinutes(12)), null));
    }
    List<Scenario.Person> roster = new ArrayList<>();
    List<Scenario.Shift> allDay = List.of(new Scenario.Shift(SyntheticDay.START, java.time.Instant.MAX));
    roster.add(new Scenario.Person("veteran-1", org.crisisline.events.ResponderKind.HOTLINE_COUNSELLOR,
        SyntheticDay.REGION, List.of("en"), List.of("VETERANS"), 1, allDay));
    for (int i = 1; i <= 3; i++) {
      roster.add(new Scenario.Person("c-" + i, org.crisisline.events.ResponderKind.HOTLINE_COUNSELLOR,
          SyntheticDay.REGION, List.of("en"), List.of(), 1, allDay));
    }
    return new Scenario(SyntheticDay.START, end, callers, roster, Behaviour.synthetic(1.0, Duration.ofSeconds(5)));
  }
}

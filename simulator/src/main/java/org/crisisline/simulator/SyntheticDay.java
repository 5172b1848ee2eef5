package org.crisisline.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.crisisline.events.Need;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.Urgency;

/**
 * A synthetic day: Poisson arrivals (exponential gaps of mean 1/λ), exponential handling times, one
 * region {@value #REGION}, one pool of hotline counsellors speaking en, all on for the whole run.
 * Arrivals and handling times come from one stream of the seed, drawn in arrival order, so a
 * different roster or policy meets exactly the same callers.
 */
final class SyntheticDay {
  static final String REGION = "sim";
  /** A Saturday, midnight UTC: charts by hour read as hours of the day. */
  static final Instant START = Instant.parse("2026-11-21T00:00:00Z");

  /**
   * @param arrivalsPerHour λ
   * @param hours how long arrivals go on
   * @param counsellors c, capacity 1 each
   * @param handling mean handling time, 1/μ
   * @param patience mean time a caller waits before hanging up; null: callers never hang up
   */
  record Settings(double arrivalsPerHour, double hours, int counsellors, Duration handling, Duration meanAnswer,
      double acceptProbability, Urgency urgency, Duration patience, long seed) {}

  private SyntheticDay() {}

  static Scenario build(Settings s) {
    Instant end = START.plusMillis(Math.round(s.hours() * 3_600_000));
    SplittableRandom random = new SplittableRandom(s.seed());
    Duration meanGap = Duration.ofMillis(Math.round(3_600_000 / s.arrivalsPerHour()));
    List<Scenario.Caller> callers = new ArrayList<>();
    Instant t = START;
    for (int i = 1; ; i++) {
      t = t.plus(Distributions.exponential(random, meanGap));
      if (!t.isBefore(end)) {
        break;
      }
      Duration handling = Distributions.exponential(random, s.handling());
      Duration patience = s.patience() == null ? null : Distributions.exponential(random, s.patience());
      callers.add(new Scenario.Caller(String.format("sim-%07d", i), t, s.urgency(), Need.CRISIS_COUNSELLING, null,
          "en", REGION, List.of(), handling, patience));
    }
    List<Scenario.Person> roster = new ArrayList<>();
    for (int i = 1; i <= s.counsellors(); i++) {
      roster.add(new Scenario.Person(String.format("counsellor-%03d", i), ResponderKind.HOTLINE_COUNSELLOR, REGION,
          List.of("en"), List.of(), 1, List.of(new Scenario.Shift(START, Instant.MAX))));
    }
    return new Scenario(START, end, callers, roster, Behaviour.synthetic(s.acceptProbability(), s.meanAnswer()));
  }
}

package org.crisisline.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.crisisline.events.Urgency;
import org.crisisline.routing.market.RoutingPolicy;
import org.junit.jupiter.api.Test;

/**
 * The proof that the simulator is right where queueing theory applies: with immediate answers,
 * capacity 1, one urgency and no escalation or expiry that could change the order, routing serves
 * an M/M/c queue first come, first served, and the simulated share of callers who waited and their
 * mean wait must match Erlang C within the run's own 99 % confidence interval (batch means).
 * Writes the formula-vs-simulation table to target/erlang-c.md (docs/simulator.md shows it).
 */
class ErlangCTest {
  /** No SLA breach, expiry or specialty within any run: the policy leaves first come, first served alone. */
  static final Map<String, String> FCFS = Map.of("sla.MODERATE", "2592000", "ttl.MODERATE", "2592000",
      "ttl.accepted", "2592000");

  /** λ per hour, mean handling minutes, counsellors; about 2,000 arrivals each, at 50 % utilisation (where successive waits are
   * least correlated, so a run of this length pins the mean down). */
  record Case(double perHour, double handlingMinutes, int counsellors, double hours) {
    double lambda() {
      return perHour / 3600.0;
    }

    double mu() {
      return 1 / (handlingMinutes * 60);
    }
  }

  record Row(Case c, double formulaShare, BatchMeans share, double formulaWait, BatchMeans meanWait, int requests,
      int escalations, int expired, long millis) {}

  static final List<Case> CASES = List.of(
      new Case(5, 6, 1, 400),
      new Case(10, 6, 2, 200),
      new Case(15, 6, 3, 400.0 / 3));

  @Test
  void simulatedWaitsMatchErlangC() throws Exception {
    RoutingPolicy policy = RoutingPolicy.defaults().with(FCFS);
    List<Row> rows = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Row>> runs = new ArrayList<>();
      for (Case c : CASES) {
        runs.add(pool.submit(() -> run(c, policy)));
      }
      for (Future<Row> f : runs) {
        rows.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    Path table = Path.of("target", "erlang-c.md");
    Files.createDirectories(table.getParent());
    Files.writeString(table, table(rows));
    System.out.println(table(rows));
    for (Row r : rows) {
      assertThat(r.escalations()).as("escalations in %s", r.c()).isZero();
      assertThat(r.expired()).as("expired in %s", r.c()).isZero();
      // The interval must be narrow enough to mean something, else the comparison proves nothing.
      assertThat(r.share().halfWidth()).as("P(wait) interval of %s", r.c()).isLessThan(0.45 * r.formulaShare());
      assertThat(r.meanWait().halfWidth()).as("E[W] interval of %s", r.c()).isLessThan(0.6 * r.formulaWait());
      assertThat(r.share().covers(r.formulaShare())).as("P(wait) %s: formula %.4f, simulated %.4f ± %.4f", r.c(),
          r.formulaShare(), r.share().mean(), r.share().halfWidth()).isTrue();
      assertThat(r.meanWait().covers(r.formulaWait())).as("E[W] %s: formula %.1f s, simulated %.1f ± %.1f s", r.c(),
          r.formulaWait(), r.meanWait().mean(), r.meanWait().halfWidth()).isTrue();
    }
  }

  @Test
  void erlangCFormulaMatchesKnownValues() {
    // One server: P(wait) is the utilisation.
    assertThat(ErlangC.probabilityOfWaiting(1, 0.6)).isCloseTo(0.6, within(1e-12));
    // Two servers at a = 1: C = (1/2 · 2) / (1 + 1 + 1) = 1/3.
    assertThat(ErlangC.probabilityOfWaiting(2, 1.0)).isCloseTo(1.0 / 3, within(1e-12));
    // Published table value: c = 10, a = 8 → 0.4092.
    assertThat(ErlangC.probabilityOfWaiting(10, 8.0)).isCloseTo(0.4092, within(5e-5));
    // M/M/1: E[W] = ρ / (μ − λ).
    assertThat(ErlangC.meanWait(1, 6, 10)).isCloseTo(0.6 / 4, within(1e-12));
  }

  static Row run(Case c, RoutingPolicy policy) {
    long began = System.nanoTime();
    var settings = new SyntheticDay.Settings(c.perHour(), c.hours(), c.counsellors(),
        Duration.ofMillis(Math.round(c.handlingMinutes() * 60_000)), Duration.ZERO, 1.0, Urgency.MODERATE, null, 42);
    Outcomes o = new Simulator(policy, 42, line -> { }).run(SyntheticDay.build(settings));
    List<Double> waited = new ArrayList<>();
    List<Double> waits = new ArrayList<>();
    int escalations = 0;
    int expired = 0;
    for (Outcomes.Request r : o.requests()) {
      escalations += r.escalations;
      expired += r.closedAs == org.crisisline.events.RequestStatus.EXPIRED ? 1 : 0;
      if (r.accepted()) {
        waited.add(r.firstOfferAt > r.loggedAt ? 1.0 : 0.0);
        waits.add((r.acceptedAt - r.loggedAt) / 1000.0);
      }
    }
    return new Row(c, ErlangC.probabilityOfWaiting(c.counsellors(), c.lambda() / c.mu()), BatchMeans.of(waited),
        ErlangC.meanWait(c.counsellors(), c.lambda(), c.mu()), BatchMeans.of(waits), o.requests().size(),
        escalations, expired, (System.nanoTime() - began) / 1_000_000);
  }

  static String table(List<Row> rows) {
    StringBuilder b = new StringBuilder();
    b.append("| λ /h | handling min | c | a = λ/μ | requests | P(wait) Erlang C | P(wait) simulated (99 % CI) "
        + "| E[W] Erlang C, s | E[W] simulated (99 % CI), s | run, s |\n");
    b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      b.append(String.format(Locale.ROOT, "| %.0f | %.0f | %d | %.2f | %d | %.4f | %.4f ± %.4f | %.1f | %.1f ± %.1f | %.1f |%n",
          r.c().perHour(), r.c().handlingMinutes(), r.c().counsellors(), r.c().lambda() / r.c().mu(), r.requests(),
          r.formulaShare(), r.share().mean(), r.share().halfWidth(), r.formulaWait(), r.meanWait().mean(),
          r.meanWait().halfWidth(), r.millis() / 1000.0));
    }
    return b.toString();
  }
}

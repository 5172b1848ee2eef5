package org.crisisline.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.crisisline.events.Urgency;
import org.crisisline.routing.market.RoutingPolicy;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./crisisline simulate}: a synthetic or recorded day through the real routing topology. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Replay a recorded day (--day) or a synthetic one (--synthetic) through the real routing "
        + "topology under a policy, and with --compare under a second one; writes DIR/summary.json, "
        + "DIR/report.md and charts (docs/simulator.md).",
        "Same seed and input, byte-identical summary.json. Exit 2 on bad input."})
final class SimulateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--day", paramLabel = "FILE", description = "A recording from ./crisisline record.")
    Path day;

    @Option(names = "--synthetic", description = "Poisson arrivals, exponential handling, region 'sim'.")
    boolean synthetic;
  }

  @Option(names = "--arrivals-per-hour", paramLabel = "L", description = "Synthetic: arrivals per hour (λ).")
  Double arrivalsPerHour;
  @Option(names = "--hours", paramLabel = "H", description = "Synthetic: hours of arrivals.")
  Double hours;
  @Option(names = "--counsellors", paramLabel = "C", description = "Synthetic: counsellors on all the time (capacity 1).")
  Integer counsellors;
  @Option(names = "--handle-minutes", paramLabel = "M", description = "Synthetic: mean handling time (exponential).")
  Double handleMinutes;
  @Option(names = "--answer-seconds", paramLabel = "D", defaultValue = "20",
      description = "Synthetic: mean time to answer an offer (exponential; 0 = at once). Default ${DEFAULT-VALUE}.")
  double answerSeconds;
  @Option(names = "--accept-probability", paramLabel = "P", defaultValue = "1",
      description = "Synthetic: share of offers accepted; the others are declined. Default ${DEFAULT-VALUE}.")
  double acceptProbability;
  @Option(names = "--urgency", paramLabel = "U", defaultValue = "MODERATE",
      description = "Synthetic: the urgency of every request. Default ${DEFAULT-VALUE}.")
  Urgency urgency;
  @Option(names = "--patience-minutes", paramLabel = "MIN",
      description = "Synthetic: callers hang up after an exponential wait of this mean (default: never).")
  Double patienceMinutes;

  @Option(names = "--policy", paramLabel = "P.properties", description = "Policy keys over the defaults.")
  Path policy;
  @Option(names = "--compare", paramLabel = "Q.properties", description = "A second policy, run on the same input.")
  Path compare;
  @Option(names = "--roster", paramLabel = "R.csv", description = "Who is on when (replaces the recorded or synthetic responders).")
  Path roster;
  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output directory.")
  Path out;
  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Random seed. Default ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() throws IOException {
    RoutingPolicy base = policy == null ? RoutingPolicy.defaults() : PolicyFile.load(policy);
    RoutingPolicy other = compare == null ? null : PolicyFile.load(compare);
    Map<String, Object> run = new TreeMap<>();
    run.put("seed", seed);
    Scenario scenario = source.synthetic ? synthetic(run) : recorded(run);
    if (roster != null) {
      // Rostered people are not the recorded ones: after a missed offer they come back on their own.
      Behaviour b = scenario.behaviour() instanceof RecordedBehaviour rb ? rb.returningAfter(Duration.ofMinutes(2))
          : scenario.behaviour();
      scenario = scenario.withRoster(RosterFile.read(roster, scenario.start(), scenario.end()), b);
      run.put("roster", roster.getFileName().toString());
    }
    var err = spec.commandLine().getErr();
    try (OutputDir dir = new OutputDir(out)) {
      List<Report.Column> cols = new ArrayList<>();
      List<Charts.Run> series = new ArrayList<>();
      String baseLabel = policy == null ? "defaults" : policy.getFileName().toString();
      cols.add(runOne(scenario, base, baseLabel, run, dir.file(OutputDir.MARKER), series, err));
      if (other != null) {
        cols.add(runOne(scenario, other, compare.getFileName().toString(), run, dir.file("compare-summary.json"),
            series, err));
      }
      Charts.waiting(series, dir.file("waiting.png"));
      Charts.speedByHour(series, dir.file("speed-by-hour.png"));
      Files.writeString(dir.file("report.md"), Report.markdown(describe(run), cols), StandardCharsets.UTF_8);
      dir.commit();
    }
    spec.commandLine().getOut().println("wrote " + out.resolve(OutputDir.MARKER) + " and report.md");
    return 0;
  }

  private Report.Column runOne(Scenario scenario, RoutingPolicy p, String label, Map<String, Object> run, Path file,
      List<Charts.Run> series, java.io.PrintWriter err) throws IOException {
    err.println("simulate: " + label + " (policy " + p.version() + "), " + scenario.callers().size() + " requests, "
        + scenario.roster().size() + " responders");
    long began = System.nanoTime();
    Outcomes o = new Simulator(p, seed, line -> err.println("simulate: " + label + ": " + line)).run(scenario);
    err.printf("simulate: %s done in %.1f s%n", label, (System.nanoTime() - began) / 1e9);
    Summary s = Summary.of(o, p);
    Map<String, Object> r = new TreeMap<>(run);
    r.put("policy", label);
    r.put("policyVersion", p.version());
    writeJson(file, s.json(r));
    series.add(new Charts.Run(label, Series.of(o, scenario.start().toEpochMilli(),
        Math.max(scenario.end().toEpochMilli(), o.runUntil))));
    return new Report.Column(label, p.version(), s);
  }

  static void writeJson(Path file, Map<String, Object> json) throws IOException {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    Files.writeString(file, m.writeValueAsString(json) + "\n", StandardCharsets.UTF_8);
  }

  private Scenario synthetic(Map<String, Object> run) {
    require(arrivalsPerHour, "--arrivals-per-hour", 0.0);
    require(hours, "--hours", 0.0);
    require(handleMinutes, "--handle-minutes", 0.0);
    if (counsellors == null || counsellors < 0) {
      throw new ParameterException(spec.commandLine(), "--synthetic needs --counsellors C (C >= 0)");
    }
    if (acceptProbability < 0 || acceptProbability > 1 || answerSeconds < 0) {
      throw new ParameterException(spec.commandLine(), "--accept-probability must be in [0, 1], --answer-seconds >= 0");
    }
    run.put("mode", "synthetic");
    run.put("arrivalsPerHour", arrivalsPerHour);
    run.put("hours", hours);
    run.put("counsellors", counsellors);
    run.put("handleMinutes", handleMinutes);
    run.put("answerSeconds", answerSeconds);
    run.put("acceptProbability", acceptProbability);
    run.put("urgency", urgency.name());
    if (patienceMinutes != null) {
      run.put("patienceMinutes", patienceMinutes);
    }
    return SyntheticDay.build(new SyntheticDay.Settings(arrivalsPerHour, hours, counsellors,
        Duration.ofMillis(Math.round(handleMinutes * 60_000)), Duration.ofMillis(Math.round(answerSeconds * 1000)),
        acceptProbability, urgency, patienceMinutes == null ? null : Duration.ofMillis(Math.round(patienceMinutes * 60_000)),
        seed));
  }

  private Scenario recorded(Map<String, Object> run) {
    run.put("mode", "day");
    run.put("day", source.day.getFileName().toString());
    return DayFile.read(source.day).scenario(seed);
  }

  private void require(Double v, String name, double above) {
    if (v == null || !(v > above)) {
      throw new ParameterException(spec.commandLine(), "--synthetic needs " + name + " > " + above);
    }
  }

  private static String describe(Map<String, Object> run) {
    StringBuilder b = new StringBuilder("Run: ");
    run.forEach((k, v) -> b.append('`').append(k).append('=').append(v).append("` "));
    return b.toString().trim();
  }
}

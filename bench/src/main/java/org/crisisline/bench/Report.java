package org.crisisline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code report.md} (the run's conditions, the raw-Kafka floor, the exactly-once floor beside
 * every figure, one table per offered rate) and {@code report.json} (the same figures for programs).
 */
final class Report {
  private Report() {}

  record Run(String target, String conditions, StepResult.Latency idleFloor, double floorThroughput,
      List<StepResult> steps, int sustainable, long p99LimitMillis) {}

  static String markdown(Run run) {
    StringBuilder b = new StringBuilder();
    b.append("# crisisline bench report\n\n");
    b.append("Target: ").append(run.target()).append("  \n");
    b.append(run.conditions()).append("\n\n");
    b.append("Latencies in ms, measured from each request's scheduled send time (open loop, no coordinated omission).\n");
    b.append("- intake HTTP: POST /api/v1/requests answered 202\n");
    b.append("- request committed: the request is visible to a read_committed consumer of help-requests (intake's transaction)\n");
    b.append("- offer committed: its first offer is visible to a read_committed consumer of offers (routing's commit; two for a request re-keyed by region)\n");
    b.append("- request → offer delivered: the SMS sink accepted the offer's SMS (notifier's DeliveryDelivered time)\n");
    b.append("- request → ACCEPTED: the responder's accept is visible in GET /api/v1/requests/{id}\n");
    b.append("- raw Kafka hop: producer (acks=all, idempotent) → read_committed consumer, same broker, same time\n\n");
    b.append(String.format(Locale.ROOT, "## Raw Kafka floor (idle broker)%n%nsingle hop p50 %.2f ms, p99 %.2f ms, "
        + "p99.9 %.2f ms, max %.2f ms (%d records); throughput %.0f records/s (512 B)%n%n",
        run.idleFloor().p50(), run.idleFloor().p99(), run.idleFloor().p999(), run.idleFloor().max(),
        run.idleFloor().count(), run.floorThroughput()));
    b.append(String.format(Locale.ROOT, "## Sustainable throughput%n%n%s%n%n", run.sustainable() > 0
        ? run.sustainable() + " req/s: the highest offered rate achieved with no errors and request → ACCEPTED p99 ≤ "
            + run.p99LimitMillis() + " ms"
        : "none of the offered rates met p99 ≤ " + run.p99LimitMillis() + " ms with no errors"));
    b.append("## Summary (p50 / p99 ms)\n\n");
    b.append("| offered req/s | achieved | intake | → delivered | → ACCEPTED | raw hop | errors | CPU % | of it JIT % "
        + "| heap MB |\n");
    b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (StepResult s : run.steps()) {
      b.append(String.format(Locale.ROOT, "| %d | %.0f | %s | %s | %s | %s | %d | %.0f | %s | %d |%n", s.rate(),
          s.achievedRate(), pair(s.intake()), pair(s.delivered()), pair(s.accepted()), pair(s.floor()),
          s.errors(), s.cpuPercent(), s.jitPercent() < 0 ? "–" : String.format(Locale.ROOT, "%.0f", s.jitPercent()),
          s.heapMb()));
    }
    b.append("\n## Against the exactly-once floor (p50 / p99 ms; ratio = pipeline ÷ floor)\n\n");
    b.append("Floor = the parts a request must cross, measured in the same step at the same rate, with one "
        + "exactly-once routing hop (PathFloor); the two-hop floor beside it shows what a second hop costs.\n\n");
    b.append("| offered req/s | → delivered | floor | ratio | two-hop floor | → ACCEPTED | floor | ratio | "
        + "two-hop floor | records/request |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (StepResult s : run.steps()) {
      PathFloor f = s.pathFloor();
      b.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %.1f |%n", s.rate(),
          pair(s.delivered()), pair(f.delivered()), ratio(s.delivered(), f.delivered()), pair(f.deliveredTwoHops()),
          pair(s.accepted()), pair(f.accepted()), ratio(s.accepted(), f.accepted()), pair(f.acceptedTwoHops()),
          s.recordsPerRequest()));
    }
    b.append("\n| offered req/s | HTTP no-op | transactional write → read_committed | EOS one hop | EOS two hops "
        + "| idempotent write acked |\n|---:|---:|---:|---:|---:|---:|\n");
    for (StepResult s : run.steps()) {
      PathFloor f = s.pathFloor();
      b.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s |%n", s.rate(), pair(f.http()), pair(f.txn()),
          pair(f.eos1()), pair(f.eos2()), pair(f.ack())));
    }
    b.append("\n## Where the delivered latency goes (p50 ms, each from the request's due time)\n\n");
    b.append("| offered req/s | request committed | offer committed | offer delivered |\n|---:|---:|---:|---:|\n");
    for (StepResult s : run.steps()) {
      b.append(String.format(Locale.ROOT, "| %d | %s | %s | %s |%n", s.rate(), p50(s.requestCommitted()),
          p50(s.offerCommitted()), p50(s.delivered())));
    }
    for (StepResult s : run.steps()) {
      b.append(String.format(Locale.ROOT, "%n## %d req/s offered%n%n", s.rate()));
      b.append(String.format(Locale.ROOT, "sent %d, achieved %.0f req/s, errors %d, CPU %.0f %% of the machine "
          + "(the JIT compiling %.0f %%), max heap used %d MB, load average %.2f%n%n", s.sent(), s.achievedRate(),
          s.errors(), s.cpuPercent(), Math.max(0, s.jitPercent()), s.heapMb(), s.load()));
      b.append("| latency (ms) | count | p50 | p90 | p99 | p99.9 | max |\n|---|---:|---:|---:|---:|---:|---:|\n");
      row(b, "intake HTTP", s.intake());
      row(b, "request committed (help-requests)", s.requestCommitted());
      row(b, "offer committed (offers)", s.offerCommitted());
      row(b, "request → offer delivered", s.delivered());
      row(b, "request → ACCEPTED visible", s.accepted());
      row(b, "raw Kafka hop (same time)", s.floor());
    }
    return b.toString();
  }

  private static String pair(StepResult.Latency l) {
    return l.count() == 0 ? "–" : String.format(Locale.ROOT, "%.1f / %.1f", l.p50(), l.p99());
  }

  private static String pair(PathFloor.Pair p) {
    return String.format(Locale.ROOT, "%.1f / %.1f", p.p50(), p.p99());
  }

  private static String ratio(StepResult.Latency l, PathFloor.Pair floor) {
    return l.count() == 0 || floor.p50() <= 0 ? "–"
        : String.format(Locale.ROOT, "%.2f / %.2f", l.p50() / floor.p50(), l.p99() / floor.p99());
  }

  /**
   * {@code report.json}: {@code {sustainable, steps: [{rate, achieved, errors, recordsPerRequest,
   * delivered: {p50, p99}, accepted: {p50, p99}, floor: {delivered: {p50, p99}, accepted: {p50, p99}}}]}},
   * milliseconds, so runs can be compared by a program; each step also carries the two-hop floor, and
   * {@code cpuPercent} and {@code jitPercent} (% of the machine) so a run measured beside the JIT shows it.
   */
  static String json(Run run) {
    StringBuilder b = new StringBuilder();
    b.append("{\"sustainable\": ").append(run.sustainable()).append(", \"steps\": [");
    for (int i = 0; i < run.steps().size(); i++) {
      StepResult s = run.steps().get(i);
      PathFloor f = s.pathFloor();
      b.append(i == 0 ? "\n  " : ",\n  ").append(String.format(Locale.ROOT,
          "{\"rate\": %d, \"achieved\": %.1f, \"errors\": %d, \"recordsPerRequest\": %.2f, \"delivered\": %s, "
              + "\"accepted\": %s, \"floor\": {\"delivered\": %s, \"accepted\": %s}, "
              + "\"floorTwoHops\": {\"delivered\": %s, \"accepted\": %s}, \"cpuPercent\": %.1f, \"jitPercent\": %.1f}",
          s.rate(), s.achievedRate(), s.errors(), s.recordsPerRequest(), json(s.delivered().p50(), s.delivered().p99()),
          json(s.accepted().p50(), s.accepted().p99()), json(f.delivered().p50(), f.delivered().p99()),
          json(f.accepted().p50(), f.accepted().p99()), json(f.deliveredTwoHops().p50(), f.deliveredTwoHops().p99()),
          json(f.acceptedTwoHops().p50(), f.acceptedTwoHops().p99()), s.cpuPercent(), s.jitPercent()));
    }
    return b.append("\n]}\n").toString();
  }

  private static String json(double p50, double p99) {
    return String.format(Locale.ROOT, "{\"p50\": %.2f, \"p99\": %.2f}", p50, p99);
  }

  private static String p50(StepResult.Latency l) {
    return l.count() == 0 ? "–" : String.format(Locale.ROOT, "%.1f", l.p50());
  }

  private static void row(StringBuilder b, String name, StepResult.Latency l) {
    b.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f |%n", name, l.count(),
        l.p50(), l.p90(), l.p99(), l.p999(), l.max()));
  }

  static void write(Path dir, Run run) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("report.md"), markdown(run));
      Files.writeString(dir.resolve("report.json"), json(run));
      LatencyChart.write(run.steps(), run.idleFloor(), dir.resolve("latency.png"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package org.crisisline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes {@code report.md}: the run's conditions, the raw-Kafka floor, and one table per offered rate. */
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
    b.append("- offer committed: its first offer is visible to a read_committed consumer of offers (routing's two commits)\n");
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
    b.append("| offered req/s | achieved | intake | → delivered | → ACCEPTED | raw hop | errors | CPU % | heap MB |\n");
    b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (StepResult s : run.steps()) {
      b.append(String.format(Locale.ROOT, "| %d | %.0f | %s | %s | %s | %s | %d | %.0f | %d |%n", s.rate(),
          s.achievedRate(), pair(s.intake()), pair(s.delivered()), pair(s.accepted()), pair(s.floor()),
          s.errors(), s.cpuPercent(), s.heapMb()));
    }
    b.append("\n## Where the delivered latency goes (p50 ms, each from the request's due time)\n\n");
    b.append("| offered req/s | request committed | offer committed | offer delivered |\n|---:|---:|---:|---:|\n");
    for (StepResult s : run.steps()) {
      b.append(String.format(Locale.ROOT, "| %d | %s | %s | %s |%n", s.rate(), p50(s.requestCommitted()),
          p50(s.offerCommitted()), p50(s.delivered())));
    }
    for (StepResult s : run.steps()) {
      b.append(String.format(Locale.ROOT, "%n## %d req/s offered%n%n", s.rate()));
      b.append(String.format(Locale.ROOT, "sent %d, achieved %.0f req/s, errors %d, CPU %.0f %% of the machine, "
          + "max heap used %d MB, load average %.2f%n%n", s.sent(), s.achievedRate(), s.errors(), s.cpuPercent(),
          s.heapMb(), s.load()));
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
      LatencyChart.write(run.steps(), run.idleFloor(), dir.resolve("latency.png"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

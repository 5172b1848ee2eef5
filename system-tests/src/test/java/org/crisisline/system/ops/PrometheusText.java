package org.crisisline.system.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks on what the services export to Prometheus: {@code promtool check metrics} (when promtool is
 * on PATH; lint warnings such as a missing HELP fail too), and the {@code crisisline_*} series the
 * alert rules and the Grafana dashboard query.
 */
public final class PrometheusText {
  private static final Pattern CRISISLINE = Pattern.compile("crisisline_[a-z_]+");
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  private PrometheusText() {}

  /** Pipes {@code text} into {@code promtool check metrics} and requires exit 0 and no output; no-op without promtool. */
  public static void promtoolAccepts(String service, String text) throws IOException, InterruptedException {
    if (!onPath("promtool")) {
      return;
    }
    Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> problems = out.lines().filter(l -> !l.isBlank() && !kafkaClientNaming(l)).toList();
    assertThat(problems).as("promtool check metrics of %s:%n%s", service, out).isEmpty();
    // 3 is promtool's exit code for lint findings only; every one of them was Kafka's own naming.
    assertThat(p.exitValue()).as("promtool check metrics of %s:%n%s", service, out).isIn(0, out.isBlank() ? 0 : 3);
  }

  /**
   * The Kafka client metrics (KafkaClientMetrics / KafkaStreamsMetrics binders) keep Kafka's own
   * names, which promtool's linter dislikes and we cannot rename without breaking every Kafka
   * dashboard: units in names ({@code io_time_ns_total}, {@code start_time_ms}), {@code connection_count}
   * gauges, and {@code node_request_latency_avg/max}, which Kafka registers without a description.
   */
  static boolean kafkaClientNaming(String line) {
    return line.startsWith("kafka_") && (line.endsWith(" metric names should not contain abbreviated units")
        || line.endsWith(" non-histogram and non-summary metrics should not have \"_count\" suffix")
        || line.matches("kafka_[a-z_]+_node_request_latency_(avg|max) no help text"));
  }

  /** Every crisisline_* series named by docker/prometheus/alerts.yml and the dashboard, histogram suffixes removed. */
  public static Set<String> seriesUsedByAlertsAndDashboard() throws IOException {
    Set<String> names = new TreeSet<>();
    for (Path f : new Path[] {REPO.resolve("docker/prometheus/alerts.yml"),
        REPO.resolve("docker/grafana/dashboards/crisisline.json")}) {
      Matcher m = CRISISLINE.matcher(Files.readString(f));
      while (m.find()) {
        names.add(m.group().replaceAll("_(bucket|count|sum)$", ""));
      }
    }
    return names;
  }

  /** The metric names (histogram suffixes removed) of samples in Prometheus texts. */
  public static Set<String> exported(Collection<String> texts) {
    Set<String> names = new TreeSet<>();
    for (String text : texts) {
      text.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
          .map(l -> l.split("[{ ]", 2)[0].replaceAll("_(bucket|count|sum)$", "")).forEach(names::add);
    }
    return names;
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}

package org.crisisline.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Command line of {@code ./crisisline bench}. With no {@code --url} the bench starts the local stack
 * in its own JVM (embedded KRaft broker, SMTP, SMS sink, the three services) on free ports.
 *
 * @param rates       offered rates in req/s, stepped in order; after the last one the bench keeps adding
 *                    {@code rateStep} until p99 passes {@code p99LimitMillis} (or {@code maxRate})
 * @param duration    measured time per step
 * @param warmup      time at the first rate before measuring (JIT, connection pools, Streams caches)
 * @param url         intake base URL of a running deployment, or null for the in-process stack
 * @param bootstrap   its Kafka bootstrap servers (needed with --url)
 * @param password    demo password of that deployment's admin/staff accounts (its CRISISLINE_DEMO_PASSWORD)
 * @param region      region the bench's responders and requests live in (a dedicated one in-process)
 * @param responders  simulated responders (capacity 20 each, the most intake accepts)
 * @param waiting     >0: heap mode instead: log that many requests with nobody available, report routing's heap
 * @param pages       >0: paging mode instead: that many IMMINENT_RISK requests nobody can take, intake-to-page latency
 * @param history     >=0: history mode instead: that many completed requests through the topics, then intake's and
 *                    routing's heap after a full GC and restart-to-ready time ({@link HistoryBench}); -1: off
 * @param crash       crash mode instead: the local stack in a child JVM killed -9 under load and restarted
 *                    ({@link CrashBench})
 * @param out         report directory (target/bench)
 * @param jfr         when set, a JFR recording (profile settings) of the measured steps only, dumped there
 */
public record BenchOptions(
    List<Integer> rates,
    boolean extendRates,
    int rateStep,
    int maxRate,
    long p99LimitMillis,
    Duration duration,
    Duration warmup,
    String url,
    String bootstrap,
    String password,
    String region,
    int responders,
    int waiting,
    int pages,
    int history,
    boolean crash,
    Path out,
    Path jfr) {

  public static BenchOptions parse(String[] args) {
    List<Integer> rates = List.of(50, 200, 1000, 2000);
    boolean extend = true;
    int step = 1000;
    int max = 10_000;
    Duration duration = Duration.ofSeconds(10);
    // The JIT is still compiling the broker, Streams, Vert.x and Jackson for a minute or more (C2
    // used 20 s of CPU in the first 55 s of a run): a short warm-up measures the compiler.
    Duration warmup = Duration.ofSeconds(60);
    String url = null;
    String bootstrap = null;
    String password = System.getenv("CRISISLINE_DEMO_PASSWORD");
    String region = "bench";
    int responders = 200;
    int waiting = 0;
    int pages = 0;
    int history = -1;
    boolean crash = false;
    Path out = Path.of("target", "bench");
    Path jfr = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (a) {
        case "--rates" -> {
          rates = Arrays.stream(need(a, v).split(",")).map(String::trim).map(Integer::parseInt).toList();
          extend = false;
          i++;
        }
        case "--extend" -> extend = true;
        case "--rate-step" -> { step = Integer.parseInt(need(a, v)); i++; }
        case "--max-rate" -> { max = Integer.parseInt(need(a, v)); i++; }
        case "--duration" -> { duration = Duration.ofSeconds(Long.parseLong(need(a, v))); i++; }
        case "--warmup" -> { warmup = Duration.ofSeconds(Long.parseLong(need(a, v))); i++; }
        case "--url" -> { url = need(a, v); i++; }
        case "--bootstrap" -> { bootstrap = need(a, v); i++; }
        case "--password" -> { password = need(a, v); i++; }
        case "--region" -> { region = need(a, v); i++; }
        case "--responders" -> { responders = Integer.parseInt(need(a, v)); i++; }
        case "--waiting" -> { waiting = Integer.parseInt(need(a, v)); i++; }
        case "--pages" -> { pages = Integer.parseInt(need(a, v)); i++; }
        case "--history" -> {
          history = Integer.parseInt(need(a, v));
          if (history < 0) {
            throw new IllegalArgumentException("--history needs a count of 0 or more");
          }
          i++;
        }
        case "--crash" -> crash = true;
        case "--out" -> { out = Path.of(need(a, v)); i++; }
        case "--jfr" -> { jfr = Path.of(need(a, v)); i++; }
        case "--help", "-h" -> throw new IllegalArgumentException(usage());
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (url != null && (bootstrap == null || password == null)) {
      throw new IllegalArgumentException("--url needs --bootstrap and --password (or CRISISLINE_DEMO_PASSWORD)");
    }
    return new BenchOptions(new ArrayList<>(rates), extend, step, max, 1000, duration, warmup, url, bootstrap,
        password, region, responders, waiting, pages, history, crash, out, jfr);
  }

  private static String need(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  /** The usage text; the launcher prints the same file for {@code ./crisisline bench --help} without a build. */
  public static String usage() {
    try (java.io.InputStream in = BenchOptions.class.getResourceAsStream("usage.txt")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).stripTrailing();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

package org.crisisline.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./crisisline bench}: starts the target, sets up the simulated responders, measures the
 * raw-Kafka floor on the idle broker, warms up, then steps the offered rate, measuring each step
 * with the raw-Kafka probe running alongside, until the list is done and (by default) p99 of
 * request → ACCEPTED passes 1 s. Writes report.md and latency.png, prints the report.
 */
public final class BenchMain {
  private static final Logger LOG = LoggerFactory.getLogger(BenchMain.class);
  /** Rate of the raw-Kafka probe that runs during each pipeline step. */
  private static final int PROBE_RATE = 100;
  /** How long the bench waits, at most, after the warm-up for the JIT to finish compiling. */
  private static final Duration JIT_SETTLE_MAX = Duration.ofMinutes(2);
  /** How long the bench waits, at most, for the warm-up's requests to reach ACCEPTED. */
  private static final Duration WARMUP_DRAIN_MAX = Duration.ofSeconds(90);

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
      System.out.println(BenchOptions.usage());
      return;
    }
    BenchOptions o;
    try {
      o = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      // One line: what is wrong (a number that does not parse says only "For input string").
      String what = e instanceof NumberFormatException ? "not a whole number: " + e.getMessage() : e.getMessage();
      System.err.println("crisisline bench: " + what + " — see ./crisisline bench --help");
      System.exit(2);
      return;
    }
    if (o.waiting() > 0) {
      WaitingHeap.run(o);
      System.exit(0);
    }
    if (o.history() >= 0) {
      HistoryBench.Result r = HistoryBench.run(o);
      System.out.print(r.json());
      System.out.println("written: " + o.out().resolve("history.json"));
      System.exit(0);
    }
    if (o.crash()) {
      CrashBench.Result r = CrashBench.run(o);
      System.out.print(r.json());
      System.out.println("written: " + o.out().resolve("crash.json"));
      System.exit(0);
    }
    if (o.pages() > 0) {
      PagingLatency.run(o);
      System.exit(0);
    }
    int code;
    try {
      code = run(o);
    } catch (Target.Busy busy) {
      System.err.println(busy.getMessage());
      code = 2;
    }
    System.exit(code);
  }

  static int run(BenchOptions o) throws Exception {
    double loadBefore = Resources.loadAverage();
    Instant began = Instant.now();
    LOG.info("bench: starting the target (load average {})", loadBefore);
    try (Target target = Target.of(o)) {
      Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
      BenchHttp http = new BenchHttp(vertx, target.url, 512);
      String admin = http.login("admin", target.password);
      String staff = http.login("staff", target.password);
      Map<String, String> tokens = Responders.create(http, admin, target.password, o.region(), o.responders());
      LOG.info("bench: {} responders AVAILABLE in region {}", tokens.size(), o.region());
      Pipeline pipeline = new Pipeline(http, staff, tokens, o.region());
      Resources resources = new Resources();
      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-sampler");
        t.setDaemon(true);
        return t;
      });
      sampler.scheduleAtFixedRate(resources::sample, 0, 250, TimeUnit.MILLISECONDS);
      try (OutcomeWatcher watcher = new OutcomeWatcher(target.bootstrap, pipeline);
           KafkaFloor floor = new KafkaFloor(target.bootstrap, 0);
           FloorParts parts = new FloorParts(target.bootstrap, o.out().toAbsolutePath().resolve("floor-state"));
           RecordCounter counter = new RecordCounter(target.bootstrap)) {
        Recorder idle = new Recorder(Step.MAX_MICROS, 3);
        floor.latency(idle, 1000, Duration.ofSeconds(5));
        StepResult.Latency idleFloor = StepResult.Latency.of(idle.getIntervalHistogram());
        double floorThroughput = floor.throughput(Duration.ofSeconds(5));
        LOG.info("bench: raw Kafka hop idle p50 {} ms p99 {} ms; throughput {} records/s", idleFloor.p50(),
            idleFloor.p99(), Math.round(floorThroughput));

        long warmupBacklog = -1;
        if (!o.warmup().isZero()) {
          Step warm = new Step(Math.min(200, o.rates().get(0) * 4), true);
          LOG.info("bench: warm-up {} s at {} req/s", o.warmup().toSeconds(), warm.rate);
          pipeline.run(warm, o.warmup());
          // On a machine that cannot carry the warm-up's rate its backlog would fill the responders'
          // capacity and the steps would measure it: wait for it, bounded, and say so if it stayed.
          if (!pipeline.drain(warm, WARMUP_DRAIN_MAX)) {
            warmupBacklog = warm.sent.get() - warm.intakeErrors.get() - warm.acceptedCount.get();
            LOG.warn("bench: the warm-up at {} req/s had not drained after {} s ({} requests short of ACCEPTED): "
                + "the steps inherit its backlog", warm.rate, WARMUP_DRAIN_MAX.toSeconds(), warmupBacklog);
          } else if (!pipeline.settle(warm, Duration.ofSeconds(30))) {
            LOG.warn("bench: the warm-up's accepted requests were not all completed within 30 s");
          }
          // The warm-up makes the code hot; the compiler then needs time to compile it, and on 2 cores
          // it was still at 40 % of a core a minute later, inside the steps. Wait for it, bounded.
          long settleStart = System.nanoTime();
          double share = resources.awaitJitQuiet(Duration.ofSeconds(5), 10, JIT_SETTLE_MAX);
          LOG.info("bench: JIT {} after {} s more (compiling {}% of one core over the last 5 s)",
              share < 0 ? "not measurable here" : share < 10 ? "settled" : "still compiling",
              (System.nanoTime() - settleStart) / 1_000_000_000L,
              Math.round(share));
        }

        Recording recording = null;
        Instant jfrFrom = null;
        if (o.jfr() != null) {
          // "default" plus CPU samples every 10 ms: the "profile" settings (allocation, lock and
          // socket events) cost enough CPU on 2 cores to move the knee they are meant to explain.
          recording = new Recording(Configuration.getConfiguration("default"));
          recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
          recording.start();
          jfrFrom = Instant.now();
        }
        List<StepResult> results = new ArrayList<>();
        List<Integer> rates = new ArrayList<>(o.rates());
        int sustainable = 0;
        for (int i = 0; i < rates.size(); i++) {
          int rate = rates.get(i);
          StepResult r = step(pipeline, floor, parts, counter, resources, rate, o.duration());
          results.add(r);
          LOG.info("bench: {} req/s → intake p99 {} ms, delivered p50 {} p99 {} ms, ACCEPTED p99 {} ms, "
              + "raw hop p50 {} ms, floor delivered p50 {} ACCEPTED p50 {} ms, {} records/request, errors {}, CPU {}% "
              + "(JIT {}%)",
              rate, r.intake().p99(), r.delivered().p50(), r.delivered().p99(), r.accepted().p99(), r.floor().p50(),
              Math.round(r.pathFloor().delivered().p50()), Math.round(r.pathFloor().accepted().p50()),
              Math.round(r.recordsPerRequest()), r.errors(), Math.round(r.cpuPercent()), Math.round(r.jitPercent()));
          boolean ok = r.errors() == 0 && r.accepted().p99() <= o.p99LimitMillis()
              && r.achievedRate() >= 0.95 * rate;
          if (ok) {
            sustainable = Math.max(sustainable, rate);
          } else if (i >= o.rates().size() - 1 || r.achievedRate() < 0.5 * rate) {
            break; // past saturation: higher rates only build a backlog the next step would inherit
          }
          if (i == rates.size() - 1 && o.extendRates() && rate + o.rateStep() <= o.maxRate()) {
            rates.add(rate + o.rateStep());
          }
        }
        sampler.shutdownNow();
        if (recording != null) {
          recording.dump(o.jfr());
          recording.close();
          LOG.info("bench: JFR recording of the measured steps in {}; flame graph of the steps only: java -cp "
              + "bench/target/classes org.crisisline.bench.FlameGraph {} <out> <title> {}", o.jfr(), o.jfr(), jfrFrom);
        }
        String conditions = String.format(Locale.ROOT, "Started %s; %d s per rate after a %d s warm-up; %d simulated "
            + "responders (capacity 20, SMS); %d cores, Java %s; load average %.2f before, %.2f after. "
            + "CPU and heap are this JVM's%s.%s", began, o.duration().toSeconds(), o.warmup().toSeconds(),
            o.responders(), Runtime.getRuntime().availableProcessors(), Runtime.version(), loadBefore,
            Resources.loadAverage(), target.inProcess() ? " (broker + three services + bench)" : " (the bench only)",
            warmupBacklog < 0 ? "" : String.format(Locale.ROOT, " **The warm-up had not drained: %d of its requests"
                + " were short of ACCEPTED when the steps began, so the steps inherit its backlog.**", warmupBacklog));
        Report.Run run = new Report.Run(target.description, conditions, idleFloor, floorThroughput, results,
            sustainable, o.p99LimitMillis());
        Report.write(o.out(), run);
        System.out.println(Report.markdown(run));
        System.out.println("written: " + o.out().resolve("report.md") + ", " + o.out().resolve("latency.png"));
      } finally {
        sampler.shutdownNow();
        http.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
    return 0;
  }

  private static long sum(Map<String, Long> byTopic) {
    return byTopic.values().stream().mapToLong(Long::longValue).sum();
  }

  private static StepResult step(Pipeline pipeline, KafkaFloor floor, FloorParts parts, RecordCounter counter,
      Resources resources, int rate, Duration d) throws InterruptedException {
    Step step = new Step(rate, false);
    resources.begin();
    Map<String, Long> recordsBefore = counter.byTopic();
    Thread probe = new Thread(() -> floor.latency(step.floor, PROBE_RATE, d), "bench-floor-probe");
    probe.start();
    long start = System.nanoTime();
    pipeline.run(step, d);
    double seconds = (System.nanoTime() - start) / 1e9;
    probe.join();
    boolean drained = pipeline.drain(step, Duration.ofSeconds(Math.max(15, d.toSeconds())));
    double cpu = resources.cpuPercent();
    double jit = resources.jitPercent();
    if (!drained) {
      LOG.warn("bench: {} req/s: not every request reached ACCEPTED; one of them: {}", rate, pipeline.oneMissing(step));
    }
    long missing = drained ? 0 : (step.sent.get() - step.intakeErrors.get() - step.acceptedCount.get());
    // Counted, and the floor measured, once the step's requests are completed and nothing is written
    // any more: at high rates their completions were still going through routing after the drain.
    if (!pipeline.settle(step, Duration.ofSeconds(15))) {
      LOG.warn("bench: {} req/s: not every accepted request was completed within 15 s of the drain", rate);
    }
    Map<String, Long> recordsAfter = counter.whenQuiet(Duration.ofSeconds(10));
    double recordsPerRequest = recordsBefore == null || recordsAfter == null || step.sent.get() == 0 ? -1
        : (double) (sum(recordsAfter) - sum(recordsBefore)) / step.sent.get();
    LOG.info("bench: {} req/s: records per request by topic: {}", rate,
        RecordCounter.perRequest(recordsBefore, recordsAfter, step.sent.get()));
    // The floor's parts at the same offered rate on the same broker, right after the step, with the
    // pipeline idle: run beside it they doubled the load, and on 2 cores the machine then measured
    // its own run queue (docs/performance.md, "The exactly-once floor").
    parts.measure(step.parts, rate, d);
    Histogram intake = step.intake.getIntervalHistogram();
    return new StepResult(rate, intake.getTotalCount() / seconds, step.sent.get(),
        step.intakeErrors.get() + step.answerErrors.get() + missing, StepResult.Latency.of(intake),
        StepResult.Latency.of(step.requestCommitted.getIntervalHistogram()),
        StepResult.Latency.of(step.offerCommitted.getIntervalHistogram()),
        StepResult.Latency.of(step.delivered.getIntervalHistogram()),
        StepResult.Latency.of(step.accepted.getIntervalHistogram()),
        StepResult.Latency.of(step.floor.getIntervalHistogram()), cpu, jit, resources.heapMaxMb(),
        Resources.loadAverage(), recordsPerRequest, PathFloor.of(step.parts));
  }
}

package org.crisisline.intake.bench;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.crisisline.events.Contact;
import org.crisisline.events.LocalService;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.ServiceStatus;
import org.crisisline.intake.directory.DirectoryIndex;
import org.crisisline.intake.directory.DirectoryQuery;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Directory search latency (JMH SampleTime: the distribution of single searches, p50/p99) over
 * {@code services} generated services: 40 regions with postal prefixes, one or two of the ten kinds
 * each, 1-3 of eight languages, age limits, weekday / evening / overnight / all-day schedules in
 * six time zones, capacity 0-20. Each invocation runs the next of 256 generated queries at an
 * instant spread over a week. {@code staffSearch} is what the staff panel sends (kind, region,
 * language, age band, open now, places); {@code textSearch} a word of a name in a region;
 * {@code postalSearch} a postal code (its service's prefix and one digit more) and a kind; {@code everything} no filter at all (every service
 * judged: the worst case).
 *
 * <p>Run (not part of {@code mvn verify}):
 * <pre>
 * mvn -q -o -pl intake-service test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -cp intake-service/target/test-classes:intake-service/target/classes:$(cat intake-service/target/bench.cp) \
 *     org.crisisline.intake.bench.DirectorySearchBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DirectorySearchBenchmark {
  private static final String[] LANGUAGES = {"en", "es", "vi", "zh", "fr", "ar", "ru", "ko"};
  private static final String[] ZONES = {"UTC", "America/Los_Angeles", "America/Chicago", "America/New_York",
      "Europe/London", "Pacific/Auckland"};
  private static final String[] WORDS = {"peer", "circle", "recovery", "family", "veterans", "youth", "faith",
      "community", "online", "caregivers", "housing", "wellness"};
  private static final String[] BANDS = {"YOUTH", "YOUNG_ADULT", "ADULT", "OLDER_ADULT"};
  private static final int QUERIES = 256;

  @Param({"10000"})
  int services;

  private DirectoryIndex index;
  private DirectoryQuery[] staff;
  private DirectoryQuery[] text;
  private DirectoryQuery[] postal;
  private DirectoryQuery[] everything;
  private Instant[] when;
  private int next;

  @Setup(Level.Trial)
  public void build() {
    Random rnd = new Random(42);
    index = new DirectoryIndex();
    ReferralKind[] kinds = ReferralKind.values();
    for (int i = 0; i < services; i++) {
      String id = "svc-" + i;
      int region = rnd.nextInt(40);
      List<ReferralKind> k = rnd.nextInt(3) == 0 ? List.of(kinds[rnd.nextInt(10)], kinds[rnd.nextInt(10)])
          : List.of(kinds[rnd.nextInt(10)]);
      List<String> langs = new ArrayList<>(List.of("en"));
      for (int l = rnd.nextInt(3); l > 0; l--) {
        langs.add(LANGUAGES[1 + rnd.nextInt(LANGUAGES.length - 1)]);
      }
      Integer minAge = rnd.nextInt(4) == 0 ? null : new int[] {12, 16, 18, 25}[rnd.nextInt(4)];
      Integer maxAge = rnd.nextInt(5) == 0 ? 24 : null;
      String name = WORDS[rnd.nextInt(WORDS.length)] + " " + WORDS[rnd.nextInt(WORDS.length)] + " " + i;
      LocalService s = new LocalService("e" + i, Instant.EPOCH, id, "Organisation " + (i / 3), name,
          "A " + WORDS[rnd.nextInt(WORDS.length)] + " service for " + WORDS[rnd.nextInt(WORDS.length)],
          k.stream().distinct().toList(), ServiceStatus.ACTIVE,
          new LocalService.ServiceArea(List.of("region-" + region), List.of(String.valueOf(9700 + region))),
          langs.stream().distinct().toList(), new LocalService.Eligibility(minAge, maxAge, null), schedule(rnd),
          ZONES[rnd.nextInt(ZONES.length)], new LocalService.Capacity(rnd.nextInt(21), 20, null),
          new Contact("+15035550200", "intake@example.org"), "Free", null, null);
      index.put(id, s);
    }
    staff = new DirectoryQuery[QUERIES];
    text = new DirectoryQuery[QUERIES];
    postal = new DirectoryQuery[QUERIES];
    everything = new DirectoryQuery[QUERIES];
    when = new Instant[QUERIES];
    for (int i = 0; i < QUERIES; i++) {
      String region = "region-" + rnd.nextInt(40);
      String kind = kinds[rnd.nextInt(10)].name();
      staff[i] = DirectoryQuery.parse(Map.of("kind", List.of(kind), "region", List.of(region),
          "language", List.of(LANGUAGES[rnd.nextInt(4)]), "age", List.of(BANDS[rnd.nextInt(BANDS.length)]),
          "openNow", List.of("true"), "hasCapacity", List.of("true")));
      text[i] = DirectoryQuery.parse(Map.of("q", List.of(WORDS[rnd.nextInt(WORDS.length)]), "region", List.of(region)));
      postal[i] = DirectoryQuery.parse(Map.of("postalCode", List.of((9700 + rnd.nextInt(40)) + "1"),
          "kind", List.of(kind)));
      everything[i] = DirectoryQuery.parse(Map.of());
      when[i] = Instant.parse("2026-11-23T00:00:00Z").plusSeconds(rnd.nextInt(7 * 24 * 3600));
    }
  }

  private static List<LocalService.OpeningHours> schedule(Random rnd) {
    String[][] patterns = {{"09:00", "17:00"}, {"18:00", "22:00"}, {"22:00", "06:00"}, {"00:00", "00:00"}};
    String[] p = patterns[rnd.nextInt(patterns.length)];
    List<LocalService.OpeningHours> out = new ArrayList<>();
    boolean weekdaysOnly = rnd.nextBoolean();
    for (DayOfWeek d : DayOfWeek.values()) {
      if (!weekdaysOnly || d.getValue() <= 5) {
        out.add(new LocalService.OpeningHours(d, LocalTime.parse(p[0]), LocalTime.parse(p[1])));
      }
    }
    return out;
  }

  private int nextQuery() {
    next = (next + 1) % QUERIES;
    return next;
  }

  @Benchmark
  public DirectoryIndex.SearchResult staffSearch() {
    int i = nextQuery();
    return index.search(staff[i], when[i]);
  }

  @Benchmark
  public DirectoryIndex.SearchResult textSearch() {
    int i = nextQuery();
    return index.search(text[i], when[i]);
  }

  @Benchmark
  public DirectoryIndex.SearchResult postalSearch() {
    int i = nextQuery();
    return index.search(postal[i], when[i]);
  }

  @Benchmark
  public DirectoryIndex.SearchResult everything() {
    int i = nextQuery();
    return index.search(everything[i], when[i]);
  }

  public static void main(String[] args) throws RunnerException {
    Options opts = new OptionsBuilder()
        .include(DirectorySearchBenchmark.class.getSimpleName())
        .forks(1)
        .warmupIterations(2)
        .measurementIterations(3)
        .warmupTime(TimeValue.seconds(2))
        .measurementTime(TimeValue.seconds(3))
        .jvmArgs("-Xmx1g")
        .build();
    new Runner(opts).run();
  }
}

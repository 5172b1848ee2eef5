package org.crisisline.routing.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.crisisline.events.Disposition;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.Channel;
import org.crisisline.events.Contact;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.Event;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Need;
import org.crisisline.events.OfferAccepted;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.ResponderStatusChanged;
import org.crisisline.events.Urgency;
import org.crisisline.routing.market.Outcome;
import org.crisisline.routing.market.ResponderView;
import org.crisisline.routing.market.RoutingEngine;
import org.crisisline.routing.market.RoutingPolicy;
import org.crisisline.routing.market.Timer;
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

/**
 * Cost of routing decisions in one market with {@code waiting} requests queued and 10,000
 * responders. {@code pickRequestForResponder} and {@code pickResponderForRequest} time the index
 * lookups alone (the O(log n) part). {@code arriveFreeMatchAccept} is a full steady-state cycle
 * through the engine, responders all busy: a new request arrives and
 * is queued (no one free), a responder completes their request and becomes free, the engine
 * picks the best waiting request for them and offers it, they accept, the completed request is
 * purged. The queue length stays at {@code waiting}. Requests mix urgencies, two languages and
 * a specialty; responders speak both languages, a tenth are veterans specialists.
 *
 * <p>Run (not part of {@code mvn verify}):
 * <pre>
 * cd /work/main &amp;&amp; mvn -q -o -pl routing-streams test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -cp routing-streams/target/test-classes:routing-streams/target/classes:$(cat routing-streams/target/bench.cp) \
 *     org.crisisline.routing.bench.MatchingBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MatchingBenchmark {
  static final int RESPONDERS = 10_000;

  @Param({"1000", "10000", "100000"})
  int waiting;

  private RoutingEngine engine;
  private Instant now;
  private long seq;
  private int nextResponder;
  /** The request each responder currently holds. */
  private String[] holding;

  @Setup(Level.Trial)
  public void setUp() {
    // Long TTLs and SLAs: no timer matters during a run, and none is fired.
    engine = new RoutingEngine(RoutingPolicy.defaults().with(java.util.Map.of("specialty.relax.after", "100000")));
    now = Instant.parse("2026-11-20T10:00:00Z");
    holding = new String[RESPONDERS];
    for (int i = 0; i < RESPONDERS; i++) {
      String id = "r-" + i;
      engine.onResponder(new ResponderView(id, "north", new ResponderProfile("p" + i, now, id, id,
          ResponderKind.HOTLINE_COUNSELLOR, "north", List.of("en", "es"),
          i % 10 == 0 ? List.of("VETERANS") : List.of(), 1, new Contact(null, id + "@example.org"),
          List.of(DeliveryChannel.EMAIL), true),
          new ResponderStatusChanged("s" + i, now, id, ResponderStatus.AVAILABLE, "shift", id), false), now);
      // Each responder takes one request and accepts it: everyone is busy.
      String req = newRequest();
      acceptLastOffer(engine.onRequestLogged(request(req, 1), now));
      holding[i] = req;
    }
    for (int i = 0; i < waiting; i++) {
      engine.onRequestLogged(request(newRequest(), seq), now);
    }
  }

  @Benchmark
  public Object arriveFreeMatchAccept() {
    now = now.plusMillis(10);
    Outcome arrived = engine.onRequestLogged(request(newRequest(), seq), now);
    int r = nextResponder;
    nextResponder = (nextResponder + 1) % RESPONDERS;
    String done = holding[r];
    Outcome freed = engine.onAnswer("north", new RequestCompleted("c" + seq, now, done, "r-" + r, Disposition.OTHER, null), now);
    holding[r] = acceptLastOffer(freed);
    engine.onTimer(new Timer(now.toEpochMilli(), Timer.Kind.PURGE, "north", done, "terminal"), now);
    return arrived;
  }

  /** The index lookup alone: which waiting request a responder would get next. */
  @Benchmark
  public Object pickRequestForResponder() {
    nextResponder = (nextResponder + 1) % RESPONDERS;
    return engine.queries().peekBestRequestFor("north", "r-" + nextResponder);
  }

  /** The index lookup alone: which of 10,000 available responders a new request would get. */
  @Benchmark
  public Object pickResponderForRequest(AvailableMarket market) {
    market.seq++;
    return market.engine.queries().peekBestResponderFor(request(Instant.parse("2026-11-20T10:00:00Z"), "probe", market.seq));
  }

  /** 10,000 available responders, and {@code waiting} requests in a language none of them speaks. */
  @State(Scope.Thread)
  public static class AvailableMarket {
    @Param({"1000", "10000", "100000"})
    int waiting;
    RoutingEngine engine;
    long seq;

    @Setup(Level.Trial)
    public void setUp() {
      Instant t = Instant.parse("2026-11-20T10:00:00Z");
      engine = new RoutingEngine(RoutingPolicy.defaults());
      for (int i = 0; i < RESPONDERS; i++) {
        String id = "r-" + i;
        engine.onResponder(new ResponderView(id, "north", new ResponderProfile("p" + i, t, id, id,
            ResponderKind.HOTLINE_COUNSELLOR, "north", List.of("en", "es"),
            i % 10 == 0 ? List.of("VETERANS") : List.of(), 2, new Contact(null, id + "@example.org"),
            List.of(DeliveryChannel.EMAIL), true),
            new ResponderStatusChanged("s" + i, t.plusMillis(i), id, ResponderStatus.AVAILABLE, "shift", id), false),
            t.plusMillis(i));
      }
      for (int i = 0; i < waiting; i++) {
        engine.onRequestLogged(new HelpRequestLogged("w" + i, t, "w" + i, Channel.PHONE, Urgency.LOW,
            Need.CRISIS_COUNSELLING, null, "xx", "north", "97201", AgeGroup.ADULT, List.of(), null, null, false,
            "staff"), t);
      }
    }
  }

  private String acceptLastOffer(Outcome out) {
    OfferMade offer = null;
    for (Event e : out.events()) {
      if (e instanceof OfferMade o) {
        offer = o;
      }
    }
    if (offer == null) {
      throw new IllegalStateException("no offer made");
    }
    engine.onAnswer("north", new OfferAccepted("a" + seq, now, offer.requestId(), offer.offerId(),
        offer.responderId(), AnswerVia.API), now);
    return offer.requestId();
  }

  private String newRequest() {
    return "req-" + (seq++);
  }

  /** Request number {@code n} decides urgency, language and specialty (n = 1: HIGH, English, none). */
  private HelpRequestLogged request(String id, long n) {
    return request(now, id, n);
  }

  static HelpRequestLogged request(Instant now, String id, long n) {
    Urgency u = Urgency.values()[1 + (int) (n % 3)];
    return new HelpRequestLogged("e" + n, now, id, Channel.PHONE, u, Need.CRISIS_COUNSELLING, null,
        n % 4 == 0 ? "es" : "en", "north", "97201", AgeGroup.ADULT, n % 20 == 0 ? List.of("VETERANS") : List.of(),
        null, null, false, "staff");
  }

  public static void main(String[] args) throws RunnerException {
    Options opts = new OptionsBuilder()
        .include(MatchingBenchmark.class.getSimpleName())
        .forks(1)
        .warmupIterations(2)
        .measurementIterations(3)
        .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
        .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
        .jvmArgs("-Xmx2g")
        .build();
    new Runner(opts).run();
  }
}

package org.crisisline.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.crisisline.events.AlertEvent;
import org.crisisline.events.AnswerEvent;
import org.crisisline.events.Event;
import org.crisisline.events.LocalService;
import org.crisisline.events.OfferEvent;
import org.crisisline.events.RequestEvent;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.ResponderStatusChanged;
import org.crisisline.events.Topics;
import org.crisisline.routing.RoutingConfig;
import org.crisisline.routing.RoutingMetrics;
import org.crisisline.routing.RoutingTopology;
import org.crisisline.routing.market.RoutingPolicy;
import org.crisisline.routing.market.Timer;
import org.crisisline.routing.streams.MarketProcessor;

/**
 * The production {@link RoutingTopology}, unchanged, in a {@link TopologyTestDriver} whose wall
 * clock only moves when the simulation moves it. Routing reads time from the wall clock and fires
 * its deadlines from a wall-clock punctuation, which the driver runs once per advance: so the
 * simulation never jumps past a deadline ({@link #nextDeadline()} names the earliest in the
 * topology's own index of deadlines) and every decision happens at the simulated instant it would have.
 */
final class RoutingHarness implements AutoCloseable {
  /** Outputs of the topology since the last {@link #drain()}, one list per topic, each in order. */
  record Outputs(List<OfferEvent> offers, List<RequestStatusChanged> statuses, List<AlertEvent> alerts) {}

  private static final int LOOK_AHEAD = 64;
  private final Path stateDir;
  private final TopologyTestDriver driver;
  private final TestInputTopic<String, RequestEvent> requests;
  private final TestInputTopic<String, AnswerEvent> answers;
  private final TestInputTopic<String, ResponderProfile> profiles;
  private final TestInputTopic<String, ResponderStatusChanged> statuses;
  private final TestInputTopic<String, LocalService> directory;
  private final TestOutputTopic<String, OfferEvent> offerOut;
  private final TestOutputTopic<String, RequestStatusChanged> statusOut;
  private final TestOutputTopic<String, AlertEvent> alertOut;
  private final KeyValueStore<String, Timer> timers;
  private Instant now;
  /** How many inputs and clock moves the driver ran: the cost of a run. */
  long inputs;
  long advances;

  RoutingHarness(RoutingPolicy policy, Instant start) {
    try {
      stateDir = Files.createTempDirectory(scratch(), "crisisline-sim");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RoutingConfig config = RoutingConfig.local("simulated:9092", stateDir).withApplicationId("crisisline-simulator");
    Properties props = RoutingTopology.streamsConfig(config);
    now = start;
    // One partition, as the test driver runs one task: every request is placed in one hop, as an
    // aligned request is in production.
    driver = new TopologyTestDriver(RoutingTopology.build(policy, new RoutingMetrics(), config.applicationId(), 1),
        props, start);
    var s = Serdes.String();
    requests = driver.createInputTopic(Topics.HELP_REQUESTS.name(), s.serializer(),
        Topics.HELP_REQUESTS.valueSerde().serializer());
    answers = driver.createInputTopic(Topics.OFFER_ANSWERS.name(), s.serializer(),
        Topics.OFFER_ANSWERS.valueSerde().serializer());
    profiles = driver.createInputTopic(Topics.RESPONDERS.name(), s.serializer(),
        Topics.RESPONDERS.valueSerde().serializer());
    statuses = driver.createInputTopic(Topics.RESPONDER_STATUS.name(), s.serializer(),
        Topics.RESPONDER_STATUS.valueSerde().serializer());
    directory = driver.createInputTopic(Topics.DIRECTORY.name(), s.serializer(),
        Topics.DIRECTORY.valueSerde().serializer());
    offerOut = driver.createOutputTopic(Topics.OFFERS.name(), s.deserializer(),
        Topics.OFFERS.valueSerde().deserializer());
    statusOut = driver.createOutputTopic(Topics.REQUEST_STATUS.name(), s.deserializer(),
        Topics.REQUEST_STATUS.valueSerde().deserializer());
    alertOut = driver.createOutputTopic(Topics.ALERTS.name(), s.deserializer(),
        Topics.ALERTS.valueSerde().deserializer());
    timers = driver.getKeyValueStore(MarketProcessor.TIMERS);
  }

  /** Memory-backed /dev/shm where there is one: routing's stores flush on every commit. */
  private static Path scratch() {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
  }

  Instant now() {
    return now;
  }

  /** Moves the wall clock to {@code t} (never back): the punctuation fires the deadlines due by then. */
  void advanceTo(Instant t) {
    if (t.isAfter(now)) {
      Duration d = Duration.between(now, t);
      now = t;
      advances++;
      driver.advanceWallClockTime(d);
    }
  }

  /**
   * The earliest deadline in routing's timer store that {@code matters} (epoch millis), looking at
   * no more than {@value #LOOK_AHEAD} of them: past that many, the last one looked at (a safe,
   * early wake-up). Empty when the store holds none.
   */
  OptionalLong nextDeadline(Predicate<Timer> matters) {
    // The index (memory only) holds deadlines not yet fired: the earliest is at most a tick before now.
    String from = String.format("%013d", Math.max(0, now.toEpochMilli() - 2 * 1000));
    Timer last = null;
    try (KeyValueIterator<String, Timer> it = timers.range(from, "9999999999999~")) {
      for (int i = 0; i < LOOK_AHEAD && it.hasNext(); i++) {
        last = it.next().value;
        if (matters.test(last)) {
          return OptionalLong.of(last.dueAt());
        }
      }
    }
    return last == null ? OptionalLong.empty() : OptionalLong.of(last.dueAt());
  }

  /** Writes one input event to the topic routing reads it from, stamped now. */
  void send(Event e) {
    inputs++;
    if (e instanceof RequestEvent r) {
      requests.pipeInput(r.requestId(), r, now);
    } else if (e instanceof AnswerEvent a) {
      answers.pipeInput(a.requestId(), a, now);
    } else if (e instanceof ResponderProfile p) {
      profiles.pipeInput(p.responderId(), p, now);
    } else if (e instanceof ResponderStatusChanged st) {
      statuses.pipeInput(st.responderId(), st, now);
    } else if (e instanceof LocalService svc) {
      directory.pipeInput(svc.serviceId(), svc, now);
    } else {
      throw new IllegalArgumentException("not a routing input: " + e.getClass().getSimpleName());
    }
  }

  Outputs drain() {
    return new Outputs(new ArrayList<>(offerOut.readValuesToList()), new ArrayList<>(statusOut.readValuesToList()),
        new ArrayList<>(alertOut.readValuesToList()));
  }

  @Override
  public void close() {
    driver.close();
    try (Stream<Path> files = Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

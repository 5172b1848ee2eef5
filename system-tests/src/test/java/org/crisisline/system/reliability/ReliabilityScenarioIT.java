package org.crisisline.system.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.routing.DeadLetterHandler;
import org.crisisline.routing.RoutingConfig;
import org.crisisline.routing.RoutingTopology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault run of issue 7: a 3-broker KRaft cluster, two routing JVMs, one notifier JVM, intake,
 * GreenMail and a flaky SMS provider; thousands of requests and simulated responders; routing and
 * notifier SIGKILLed and restarted, a partition leader stopped, SMTP down 30 s, poison records on
 * every input topic, double and late answers; then {@link ReliabilityVerifier} over what the topics
 * and the endpoints hold. Prints {@code reliability: requests=... } and fails on any loss or
 * duplicate. Then the degradation checks on the same cluster. Soak: system properties
 * {@code crisisline.reliability.requests} and {@code crisisline.reliability.minutes}
 * (see docs/reliability.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliabilityScenarioIT {
  private static final int REQUESTS = Integer.getInteger("crisisline.reliability.requests", 1000);
  private static final Duration RUN = Duration.ofSeconds(
      (long) (Double.parseDouble(System.getProperty("crisisline.reliability.minutes", "2.5")) * 60));
  private static final Duration CYCLE = RUN.compareTo(Duration.ofSeconds(150)) < 0 ? RUN : Duration.ofSeconds(150);

  private ReliabilityStack stack;
  private Traffic traffic;

  @BeforeAll
  void startTheSystem() {
    // Awaitility rethrows, in the awaiting test, any exception another thread of this JVM lets
    // escape. Under this plan that includes GreenMail's SMTP handler when the notifier it is
    // talking to is SIGKILLed mid-session ("Connection reset"): a fault the test injects, not a
    // failure. What the system did is judged by the verifier, from the topics and the endpoints.
    Awaitility.doNotCatchUncaughtExceptionsByDefault();
    stack = new ReliabilityStack(ReliabilityStack.newRun("scenario"), 3, 2, 0, true).startChildren();
    traffic = new Traffic(stack.intakeUrl());
    traffic.seed(ReliabilityStack.REGIONS, 6);
    traffic.seedOnCall();
    traffic.signInResponders();
  }

  @AfterAll
  void stopTheSystem() {
    Awaitility.reset();
    if (traffic != null) {
      traffic.close();
    }
    if (stack != null) {
      stack.close();
    }
    // Every answer intake gave the traffic, under faults or not, is one openapi.yaml describes.
    if (traffic != null) {
      assertThat(List.copyOf(traffic.contractViolations)).as("responses breaking openapi.yaml").isEmpty();
    }
  }

  @Test
  @Order(1)
  void routingConfiguresItsStreamsErrorHandlersOnPurpose() {
    // Given routing's Streams configuration
    Properties p = RoutingTopology.streamsConfig(RoutingConfig.local("localhost:1", Path.of("target")));

    // Then undecodable input is dead-lettered and skipped, a failed write fails the thread (which
    // RoutingApp's uncaught-exception handler replaces) instead of being dropped, and exactly-once holds
    assertThat(p.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG)).isEqualTo(DeadLetterHandler.class);
    assertThat(p.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG)).isEqualTo(DeadLetterHandler.class);
    assertThat(p.get(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG))
        .isEqualTo(DefaultProductionExceptionHandler.class);
    assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
  }

  @Test
  @Order(2)
  void underFaultsNoRequestIsLostAssignedTwiceSentTwiceOrLeftWaitingSilently() throws IOException {
    Instant began = Instant.now();
    // Given load for the whole run and a fault plan cycling through every fault
    FaultPlan faults = new FaultPlan(stack);
    String heapEvery = System.getProperty("crisisline.reliability.heapEveryMinutes");
    HeapCurve heap = heapEvery == null ? null
        : new HeapCurve(Duration.ofSeconds(Math.round(Double.parseDouble(heapEvery) * 60)), () -> traffic.acked.size(),
            () -> stack.bounded == null ? -1 : stack.bounded.heapAfterFullGcMb());
    traffic.run(REQUESTS, RUN, ReliabilityStack.REGIONS);
    faults.schedule(RUN, CYCLE);

    // When every request has been logged and every fault has healed
    await("all requests logged").atMost(RUN.plus(Duration.ofMinutes(3))).pollInterval(Duration.ofSeconds(2))
        .until(() -> traffic.doneLogging(REQUESTS));
    await("faults healed").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(faults::allDone);
    traffic.stopLogging();
    // ...and routing has had time to bring every request to an end (responders keep answering)
    Set<String> acked = Set.copyOf(traffic.acked);
    try {
      await("every request terminal").atMost(ReliabilityStack.MAX_TTL.plusSeconds(45))
          .pollInterval(Duration.ofSeconds(5)).until(() -> notTerminal(acked) == 0);
    } catch (ConditionTimeoutException e) {
      // The verifier decides whether what is left is legitimately waiting.
    }
    traffic.stopAnswering();
    faults.close();
    if (heap != null) {
      heap.close();
    }

    // Then the topics and the endpoints tell a clean story
    Map<String, Integer> email = stack.mail.takenByOffer();
    ReliabilityVerifier.Observed observed = Readback.read(stack.bootstrap(), acked, traffic.capacity, email,
        stack.sms.takenByOffer(), faults.poisonKeys);
    ReliabilityVerifier.Verdict v = new ReliabilityVerifier(limits()).verify(observed, Instant.now());
    int smsFaults = smsFaultCount();
    int faultCount = faults.count() + traffic.doubleAnswers.get() + traffic.lateAnswers.get() + smsFaults;
    String summary = v.summary(faultCount);
    String details = "details: waiting=" + v.waiting() + " " + v.waitingBy() + " repeated=" + v.repeated()
        + " offers=" + observed.offers().size() + " statuses=" + observed.statuses().size() + " pagesSent=" + v.pagesSent()
        + " emails=" + email.values().stream().mapToInt(Integer::intValue).sum() + " " + stack.sms.stats()
        + " | faults: routingKills=" + faults.routingKills + " brokerStops=" + faults.brokerStops
        + " notifierKills=" + faults.notifierKills + " smtpOutages=" + faults.smtpOutages
        + " poison=" + faults.poisonKeys.size() + " doubleAnswers=" + traffic.doubleAnswers
        + " (second answer codes " + traffic.secondAnswerCodes + ") lateAnswers=" + traffic.lateAnswers
        + " (codes " + traffic.lateAnswerCodes + ") smsFaults=" + smsFaults
        + " | caring messages sent=" + v.caringSent() + " follow-up outcomes=" + traffic.followUpOutcomes
        + " | traffic: accepts=" + traffic.accepts + " declines=" + traffic.declines + " ignores=" + traffic.ignores
        + " completionsRetried=" + traffic.finishRetries + " retried=" + traffic.unavailable + " gaveUp=" + traffic.gaveUp
        + " | duration=" + Duration.between(began, Instant.now()).toSeconds() + "s";
    System.out.println(summary);
    System.out.println(details);
    Path out = Path.of("target", "reliability");
    Files.createDirectories(out);
    Files.writeString(out.resolve("summary.txt"), summary + "\n" + details + "\n"
        + String.join("\n", faults.log) + "\nproblems:\n" + String.join("\n", v.problems()) + "\n"
        + timelines(observed, v.problems()));
    assertThat(v.problems()).as(summary).isEmpty();
    assertThat(v.lost()).isZero();
    assertThat(v.doubleAssigned()).isZero();
    assertThat(v.duplicateSends()).isZero();
    // The run paged people (alerts from imminent-risk requests nobody took), so duplicate_sends covers pages
    assertThat(v.pagesSent()).as("pages sent in the run").isPositive();
    // ...and caring messages of follow-ups fell due during it, so it covers those too
    assertThat(v.caringSent()).as("caring messages sent in the run").isPositive();
    assertThat(v.requests()).isGreaterThanOrEqualTo(REQUESTS * 9 / 10);
    assertThat(faults.poisonKeys).hasSize(FaultPlan.POISONED_TOPICS.size() * (int) Math.max(1, RUN.toMillis() / CYCLE.toMillis()));
  }

  @Test
  @Order(3)
  void withTheNotifierDownRoutingKeepsOfferingAndTimingOutAndSupervisorsSeeIt() {
    // Given the notifier is down and nobody answers offers
    traffic.stopAnswering();
    stack.notifier.kill();
    try {
      String staff = traffic.login("staff");
      String supervisor = traffic.login("supervisor");
      String region = ReliabilityStack.REGIONS.get(3);
      String admin = traffic.login("admin");
      for (String id : List.of("deg-a", "deg-b", "deg-c")) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("displayName", id);
        body.put("kind", "HOTLINE_COUNSELLOR");
        body.put("region", region);
        body.put("languages", List.of("en"));
        body.put("capacity", 1);
        body.put("contact", Map.of("email", id + "@responders.example.org"));
        body.put("channels", List.of("EMAIL"));
        body.put("active", true);
        assertThat(traffic.call("PUT", "/api/v1/responders/" + id, admin, body, null).code() / 100).isEqualTo(2);
        String token = traffic.login(id);
        traffic.call("PUT", "/api/v1/responders/" + id + "/status", token, Map.of("status", "AVAILABLE"), null);
      }

      // When a HIGH request is logged
      Traffic.Response r = traffic.call("POST", "/api/v1/requests", staff, Map.of("channel", "PHONE",
          "urgency", "HIGH", "need", "CRISIS_COUNSELLING", "language", "en", "region", region,
          "summary", "notifier down"), Map.of("Idempotency-Key", UUID.randomUUID().toString()));
      assertThat(r.code()).isEqualTo(202);
      String id = r.json().get("requestId").asText();

      // Then routing offers it, lets the offer time out, offers it to someone else...
      await("offered, timed out and offered again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
          .until(() -> {
            JsonNode status = traffic.call("GET", "/api/v1/requests/" + id, supervisor, null, null).json();
            Set<String> offeredTo = new HashSet<>();
            if (status != null) {
              status.path("timeline").forEach(t -> {
                if ("OFFERED".equals(t.path("status").asText())) {
                  offeredTo.add(t.path("responderId").asText());
                }
              });
            }
            return offeredTo.size() >= 2;
          });
      // ...and the supervisors' queue view shows the region
      await("queue snapshot of the region").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
          .until(() -> {
            JsonNode queues = traffic.call("GET", "/api/v1/queues", supervisor, null, null).json();
            if (queues == null) {
              return false;
            }
            for (JsonNode q : queues) {
              if (q.toString().contains(region)) {
                return true;
              }
            }
            return false;
          });
    } finally {
      stack.notifier.start();
    }
  }

  @Test
  @Order(4)
  void withOneOfThreeBrokersDownIntakeStillAccepts() {
    // Given the leader of help-requests partition 0 is stopped
    FaultPlan plan = new FaultPlan(stack);
    int leader = plan.leaderOf(Topics.HELP_REQUESTS.name(), 0);
    stack.kafka.stopBroker(leader);
    try {
      String staff = traffic.login("staff");
      // When staff log requests, Then they are accepted (a retry with the same key is the contract)
      for (int i = 0; i < 5; i++) {
        String key = UUID.randomUUID().toString();
        await("accepted with a broker down").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
            .until(() -> logOne(staff, key).code() == 202);
      }
    } finally {
      stack.kafka.startBroker(leader);
    }
  }

  @Test
  @Order(5)
  void withTwoOfThreeBrokersDownIntakeAnswers503WithRetryAfterRatherThanAcceptAndLose() {
    // Given two of the three brokers are stopped (min.insync.replicas 2 cannot be met)
    List<Integer> down = stack.kafka.brokerIds().subList(0, 2);
    down.forEach(stack.kafka::stopBroker);
    String staff = traffic.login("staff");
    String key = UUID.randomUUID().toString();
    try {
      // When staff log a request
      long started = System.nanoTime();
      Traffic.Response r = logOne(staff, key);
      Duration waited = Duration.ofNanos(System.nanoTime() - started);

      // Then intake says so, within its answer deadline (8 s) rather than when the transaction gives
      // up (its delivery timeout, then as long again for the abort): 503, problem+json, Retry-After
      assertThat(r.code()).isEqualTo(503);
      assertThat(waited).isLessThan(Duration.ofSeconds(14));
      assertThat(r.headers().get("retry-after")).isNotEmpty();
      assertThat(r.headers().get("content-type").get(0)).contains("problem+json");
    } finally {
      down.forEach(stack.kafka::startBroker);
    }
    // And once the brokers are back the same request (same key) goes through
    await("accepted again").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
        .until(() -> logOne(staff, key).code() == 202);
  }

  /** The offers and statuses of the first requests named in problems, for the post-mortem. */
  private static String timelines(ReliabilityVerifier.Observed o, List<String> problems) {
    java.util.regex.Pattern uuid = java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    StringBuilder b = new StringBuilder();
    problems.stream().limit(10).forEach(p -> {
      java.util.regex.Matcher m = uuid.matcher(p);
      if (m.find()) {
        String id = m.group();
        b.append("timeline of ").append(id).append('\n');
        o.offers().stream().filter(x -> x.requestId().equals(id)).forEach(x -> b.append("  offer ")
            .append(x.offerId()).append(" to ").append(x.responderId()).append(" attempt ").append(x.attempt())
            .append(" at ").append(x.occurredAt()).append(" expires ").append(x.expiresAt()).append('\n'));
        o.statuses().stream().filter(x -> x.requestId().equals(id)).forEach(x -> b.append("  ")
            .append(x.occurredAt()).append(' ').append(x.status()).append(" (").append(x.reason()).append(") offer ")
            .append(x.offerId()).append(" responder ").append(x.responderId()).append('\n'));
      }
    });
    return b.toString();
  }

  private Traffic.Response logOne(String staff, String key) {
    return traffic.call("POST", "/api/v1/requests", staff, Map.of("channel", "PHONE", "urgency", "LOW",
        "need", "CRISIS_COUNSELLING", "language", "en", "region", ReliabilityStack.REGIONS.get(0),
        "summary", "broker fault"), Map.of("Idempotency-Key", key));
  }

  private long notTerminal(Set<String> acked) {
    Set<String> terminal = new HashSet<>();
    for (RequestStatusChanged s : TopicReader.values(stack.bootstrap(), Topics.REQUEST_STATUS,
        RequestStatusChanged.class)) {
      if (s.status().isTerminal()) {
        terminal.add(s.requestId());
      }
    }
    return acked.stream().filter(id -> !terminal.contains(id)).count();
  }

  private int smsFaultCount() {
    String[] parts = stack.sms.stats().split(" ");
    return Integer.parseInt(parts[2].split("=")[1]) + Integer.parseInt(parts[3].split("=")[1]);
  }

  public static ReliabilityVerifier.Limits limits() {
    return new ReliabilityVerifier.Limits(Map.of(Urgency.IMMINENT_RISK, Duration.ofSeconds(30),
        Urgency.HIGH, Duration.ofSeconds(40), Urgency.MODERATE, Duration.ofSeconds(50), Urgency.LOW,
        Duration.ofSeconds(60)), Duration.ofSeconds(45), Duration.ofSeconds(30));
  }

  static boolean terminal(RequestStatus s) {
    return s.isTerminal();
  }
}

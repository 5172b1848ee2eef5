package org.crisisline.system.reliability;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.Topics;

/**
 * The scale-out run of issue 9 (org.crisisline.system.scaleout): one broker, three routing JVMs
 * with one standby replica each, intake, simulated staff and responders; reuses the reliability
 * stack, traffic and {@link ReliabilityVerifier}. Reads request-status, offers, help-requests.
 */
public final class ScaleOutRun implements AutoCloseable {
  private final ReliabilityStack stack;
  private final Traffic traffic;
  private final List<String> problems = new ArrayList<>();
  private int total;

  private ScaleOutRun(ReliabilityStack stack, Traffic traffic) {
    this.stack = stack;
    this.traffic = traffic;
  }

  public static ScaleOutRun start() {
    ReliabilityStack stack = new ReliabilityStack(ReliabilityStack.newRun("scaleout"), 1, 3, 1, false).startChildren();
    Traffic traffic = new Traffic(stack.intakeUrl());
    traffic.seed(ReliabilityStack.REGIONS, 6);
    traffic.signInResponders();
    return new ScaleOutRun(stack, traffic);
  }

  public void load(Duration over, int perSecond) {
    total = (int) (over.toSeconds() * perSecond);
    traffic.run(total, over, ReliabilityStack.REGIONS);
  }

  public int decisions() {
    return TopicReader.values(stack.bootstrap(), Topics.REQUEST_STATUS, RequestStatusChanged.class).size();
  }

  /** SIGKILLs routing instance 2 of 3; returns when it is gone. */
  public Instant killOne() {
    stack.routing.get(1).kill();
    return Instant.now();
  }

  /** One HIGH counselling request per region, in region order; returns their ids. */
  public List<String> probeEveryRegion() {
    String staff = traffic.login("staff");
    List<String> ids = new ArrayList<>();
    for (String region : ReliabilityStack.REGIONS) {
      Traffic.Response r = traffic.call("POST", "/api/v1/requests", staff, Map.of("channel", "PHONE", "urgency", "HIGH",
          "need", "CRISIS_COUNSELLING", "language", "en", "region", region, "summary", "probe"),
          Map.of("Idempotency-Key", UUID.randomUUID().toString()));
      if (r.code() != 202) {
        throw new IllegalStateException("probe in " + region + " answered " + r.code());
      }
      ids.add(r.json().get("requestId").asText());
      traffic.acked.add(ids.get(ids.size() - 1));
    }
    return ids;
  }

  /** requestId → time of routing's first status for it (its first decision). */
  public Map<String, Instant> firstDecisionAt(List<String> ids) {
    Set<String> wanted = new HashSet<>(ids);
    Map<String, Instant> first = new HashMap<>();
    for (RequestStatusChanged s : TopicReader.values(stack.bootstrap(), Topics.REQUEST_STATUS,
        RequestStatusChanged.class)) {
      if (wanted.contains(s.requestId())) {
        first.merge(s.requestId(), s.occurredAt(), (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    return first;
  }

  public Map<String, Long> perRegionMillis(List<String> probes, Instant killedAt) {
    Map<String, Instant> at = firstDecisionAt(probes);
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < probes.size(); i++) {
      Instant t = at.get(probes.get(i));
      out.put(ReliabilityStack.REGIONS.get(i), t == null ? -1 : Duration.between(killedAt, t).toMillis());
    }
    return out;
  }

  /** Waits for the load to end and requests to run their course; verifies; returns the summary line. */
  public String finishAndVerify() {
    await("load logged").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2))
        .until(() -> traffic.doneLogging(total));
    traffic.stopLogging();
    Set<String> acked = Set.copyOf(traffic.acked);
    try {
      await("every request terminal").atMost(ReliabilityStack.MAX_TTL.plusSeconds(45))
          .pollInterval(Duration.ofSeconds(5)).until(() -> {
            Set<String> terminal = new HashSet<>();
            for (RequestStatusChanged s : TopicReader.values(stack.bootstrap(), Topics.REQUEST_STATUS,
                RequestStatusChanged.class)) {
              if (s.status().isTerminal()) {
                terminal.add(s.requestId());
              }
            }
            return terminal.containsAll(acked);
          });
    } catch (ConditionTimeoutException e) {
      // The verifier judges what is left.
    }
    traffic.stopAnswering();
    ReliabilityVerifier.Observed o = Readback.read(stack.bootstrap(), acked, traffic.capacity, Map.of(), Map.of(),
        Set.of());
    ReliabilityVerifier.Verdict v = new ReliabilityVerifier(ReliabilityScenarioIT.limits()).verify(o, Instant.now());
    problems.addAll(v.problems());
    return v.summary(1) + " waiting=" + v.waiting() + " repeated=" + v.repeated();
  }

  public List<String> problems() {
    return problems;
  }

  @Override
  public void close() {
    traffic.close();
    stack.close();
  }
}

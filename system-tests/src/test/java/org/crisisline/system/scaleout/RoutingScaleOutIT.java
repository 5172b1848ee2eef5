package org.crisisline.system.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.crisisline.system.reliability.ScaleOutRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 9, scale-out: routing as three JVMs sharing the partitions (num.standby.replicas=1);
 * one is SIGKILLed mid-load; the regions it served are served by the other two. Measures, per
 * region, the time from the kill to the first new routing decision for a request logged at the
 * kill, prints the worst as the failover time, and runs the reliability verifier over the run:
 * no decision lost or repeated.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutingScaleOutIT {
  private ScaleOutRun run;

  @BeforeAll
  void startThreeRoutingInstances() {
    run = ScaleOutRun.start();
  }

  @AfterAll
  void stop() {
    if (run != null) {
      run.close();
    }
  }

  @Test
  void killingOneOfThreeRoutingInstancesHandsItsRegionsToTheOthersWithNoDecisionLostOrRepeated()
      throws IOException {
    // Given steady load on every region for a minute (the kill below comes about half-way through)
    run.load(Duration.ofSeconds(60), 6);
    await("warm-up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
        .until(() -> run.decisions() >= 60);

    // When one instance is SIGKILLed, and a probe request is logged in every region at once
    Instant killedAt = run.killOne();
    List<String> probes = run.probeEveryRegion();

    // Then every region gets a new decision, and the worst of them is the failover time
    await("a decision for every probe").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
        .until(() -> run.firstDecisionAt(probes).size() == probes.size());
    Duration failover = run.firstDecisionAt(probes).values().stream()
        .map(at -> Duration.between(killedAt, at)).max(Duration::compareTo).orElseThrow();
    String line = "scale-out: instances=3 standby=1 killed=1 failover_first_decision_ms=" + failover.toMillis()
        + " per_region_ms=" + run.perRegionMillis(probes, killedAt);
    System.out.println(line);

    // And, once the load has ended and requests have run their course, nothing lost or repeated
    String summary = run.finishAndVerify();
    System.out.println(summary);
    Path out = Path.of("target", "reliability");
    Files.createDirectories(out);
    Files.writeString(out.resolve("scaleout.txt"), line + "\n" + summary + "\n" + String.join("\n", run.problems()) + "\n");
    assertThat(run.problems()).as(summary).isEmpty();
  }
}

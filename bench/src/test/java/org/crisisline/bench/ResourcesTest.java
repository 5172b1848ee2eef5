package org.crisisline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResourcesTest {

  @Test
  void readsTheCpuTimeOfThisJvmsCompilerThreads() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc");
    // A JVM that has run JUnit has compiled a good deal by now: its compiler threads have used CPU.
    long before = Resources.jitMillis();
    assertThat(before).isPositive();
    assertThat(Resources.jitMillis()).isGreaterThanOrEqualTo(before);
  }

  @Test
  void aStepSaysWhatShareOfTheMachineTheJitTook() throws InterruptedException {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc");
    Resources r = new Resources();
    r.begin();
    await().atMost(Duration.ofSeconds(2)).until(() -> r.jitPercent() >= 0);
    assertThat(r.jitPercent()).isBetween(0.0, 100.0);
    // Quiet below 101 % of a core: true after the first window, which it measured
    assertThat(r.awaitJitQuiet(Duration.ofMillis(100), 101, Duration.ofSeconds(1))).isBetween(0.0, 100.0);
  }
}

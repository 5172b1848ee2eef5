package org.crisisline.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The two scripts at the repository root stay runnable and honest: {@code ./crisisline} parses,
 * answers help and refuses unknown commands; {@code .ci/run} cannot hide a failure.
 */
class LauncherScriptTest {
  private static final Path ROOT = Path.of(System.getProperty("crisisline.repo.root", "..")).toAbsolutePath().normalize();

  record Run(int code, String output) {}

  @Test
  void theLauncherParsesPrintsItsUsageAndRefusesUnknownCommands() throws Exception {
    // Given the launcher script
    Path launcher = ROOT.resolve("crisisline");
    assertThat(Files.isExecutable(launcher)).isTrue();
    // Then bash accepts its syntax, help lists `up`, and an unknown command fails with the usage
    assertThat(run("bash", "-n", launcher.toString()).code()).isZero();
    Run help = run(launcher.toString(), "help");
    assertThat(help.code()).isZero();
    assertThat(help.output()).contains("up ", "topics", "dlq", "keys", "bench");
    Run unknown = run(launcher.toString(), "no-such-command");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.output()).contains("unknown command", "usage:");
  }

  @Test
  void theCiScriptFailsOnAnyErrorAndRunsMvnVerify() throws Exception {
    // Given .ci/run
    Path ci = ROOT.resolve(".ci/run");
    String script = Files.readString(ci);
    // Then it is strict bash, runs the whole verify, and nothing swallows an exit code
    assertThat(Files.isExecutable(ci)).isTrue();
    assertThat(run("bash", "-n", ci.toString()).code()).isZero();
    assertThat(script).contains("set -euo pipefail", "mvn -B verify", "chromium-driver");
    assertThat(script).doesNotContain("|| true", "|| :", "set +e");
    assertThat(script.lines().filter(l -> l.contains("mvn ") && !l.trim().startsWith("#")))
        .allSatisfy(l -> assertThat(l).doesNotContain("|"));
  }

  private static Run run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(command)).directory(ROOT.toFile()).redirectErrorStream(true).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("%s finished", String.join(" ", command)).isTrue();
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}

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
 * answers help on every command before doing anything and refuses unknown commands and options;
 * {@code .ci/run} cannot hide a failure.
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
    assertThat(help.output()).contains("up ", "topics", "dlq", "keys", "bench", "simulate", "record");
    Run unknown = run(launcher.toString(), "no-such-command");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.output()).contains("unknown command 'no-such-command'", "--help").hasLineCount(1);
    assertThat(help.output()).contains("test ", "--version");
  }

  @Test
  void upBuildTestAndBenchAnswerHelpBeforeBuildingOrStartingAnything() throws Exception {
    // Given the launcher, and a marker of when it ran
    Path launcher = ROOT.resolve("crisisline");
    long before = System.currentTimeMillis();
    for (String command : List.of("up", "build", "test", "bench", "simulate", "record")) {
      for (String help : List.of("--help", "-h")) {
        // When asked for help
        Run r = run(launcher.toString(), command, help);
        // Then it prints that command's usage at once and exits 0: no Maven, no broker, no browser install
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).startsWith("usage: ./crisisline " + command)
            .doesNotContain("crisisline: building", "installing", "BUILD", "starting crisisline");
      }
    }
    // And nothing was built: no module output is newer than the run
    try (var classpaths = Files.list(ROOT)) {
      assertThat(classpaths.map(m -> m.resolve("target/classpath.txt")).filter(Files::exists)
          .filter(f -> f.toFile().lastModified() >= before)).isEmpty();
    }
  }

  @Test
  void upAndBuildRefuseAnUnknownOptionInOneLineBeforeDoingAnything() throws Exception {
    Path launcher = ROOT.resolve("crisisline");
    for (String command : List.of("up", "build")) {
      Run r = run(launcher.toString(), command, "--detach");
      assertThat(r.code()).as(r.output()).isEqualTo(2);
      assertThat(r.output()).contains("crisisline " + command + ": unknown option '--detach'").hasLineCount(1);
    }
  }

  @Test
  void versionPrintsTheProjectVersion() throws Exception {
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    String version = pom.substring(pom.indexOf("<version>") + "<version>".length(), pom.indexOf("</version>"));
    for (String flag : List.of("--version", "-V")) {
      Run r = run(ROOT.resolve("crisisline").toString(), flag);
      assertThat(r.code()).isZero();
      assertThat(r.output()).isEqualTo("crisisline " + version + "\n");
    }
  }

  @Test
  void testInstallsTheBrowserWhenMissingThenRunsTheWholeVerify() throws Exception {
    // The README's second command: the browser tests' packages, then every test
    String launcher = Files.readString(ROOT.resolve("crisisline"));
    assertThat(launcher).contains("apt-get install -y -q --no-install-recommends chromium chromium-driver",
        "maven -B verify \"$@\"", "sudo");
  }

  @Test
  void theCiScriptFailsOnAnyErrorAndRunsMvnVerify() throws Exception {
    // Given .ci/run
    Path ci = ROOT.resolve(".ci/run");
    String script = Files.readString(ci);
    // Then it is strict bash, runs the whole verify, and nothing swallows an exit code
    assertThat(Files.isExecutable(ci)).isTrue();
    assertThat(run("bash", "-n", ci.toString()).code()).isZero();
    assertThat(script).contains("set -euo pipefail", "./crisisline test");
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

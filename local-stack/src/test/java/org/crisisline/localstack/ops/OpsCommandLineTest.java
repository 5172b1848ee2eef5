package org.crisisline.localstack.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.crisisline.events.PiiCipher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator commands' command line, without a broker: help on every command touches nothing, a
 * wrong command line exits 2 with one line and touches nothing, a missing broker is said in one line
 * within seconds. "Kafka" here is a plain listening socket: a command that tried to reach Kafka would
 * connect to it, so no connection means no Kafka client ran.
 */
class OpsCommandLineTest {
  @TempDir
  Path dataDir;

  private ServerSocket kafka;
  private String secrets;

  record Result(int code, String out, String err, Duration took) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  @BeforeEach
  void aListenerWhereKafkaWouldBeAndALocalKeyring() throws IOException {
    kafka = new ServerSocket(0);
    kafka.setSoTimeout(200);
    secrets = "pii.key=" + PiiCipher.generateKeyring("local1") + "\n";
    Files.writeString(dataDir.resolve("secrets.properties"), secrets);
  }

  @AfterEach
  void close() throws IOException {
    kafka.close();
  }

  static Stream<Arguments> everyCommand() {
    return Stream.of(
        Arguments.of(List.of(), "Usage: crisisline "),
        Arguments.of(List.of("topics"), "Usage: crisisline topics "),
        Arguments.of(List.of("acls"), "Usage: crisisline acls "),
        Arguments.of(List.of("dlq"), "Usage: crisisline dlq "),
        Arguments.of(List.of("dlq", "list"), "Usage: crisisline dlq list "),
        Arguments.of(List.of("dlq", "replay"), "Usage: crisisline dlq replay "),
        Arguments.of(List.of("keys"), "Usage: crisisline keys "),
        Arguments.of(List.of("keys", "rotate"), "Usage: crisisline keys rotate "));
  }

  @ParameterizedTest(name = "{0} --help / -h")
  @MethodSource("everyCommand")
  void helpPrintsTheUsageExitsZeroAndTouchesNothing(List<String> command, String usage) throws IOException {
    for (String help : List.of("--help", "-h")) {
      // When the operator asks a command for help, even with other options that would act
      Result r = run(command, help, "--apply", "--print");
      // Then its usage is printed, it exits 0, and neither Kafka nor the keyring was touched
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).startsWith(usage).contains("--help");
      assertThat(r.err()).isEmpty();
      assertNobodyConnected();
      assertThat(Files.readString(dataDir.resolve("secrets.properties"))).isEqualTo(secrets);
      try (Stream<Path> files = Files.list(dataDir)) {
        assertThat(files).containsExactly(dataDir.resolve("secrets.properties"));
      }
    }
  }

  @Test
  void keysRotateHelpWritesNoNewKey() throws IOException {
    // (today's bug: `keys rotate --help` rotated the key)
    Result r = run(List.of("keys", "rotate", "--help"));
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--print").doesNotContain("new current PII key");
    assertThat(Files.readString(dataDir.resolve("secrets.properties"))).isEqualTo(secrets);
  }

  static Stream<Arguments> wrongCommandLines() {
    return Stream.of(
        Arguments.of(List.of("topics", "--verfy"), "Unknown option: '--verfy'"),
        Arguments.of(List.of("topics", "--partitions", "three"), "'three' is not an int"),
        Arguments.of(List.of("topics", "--partitions", "0"), "--partitions must be at least 1, not 0"),
        Arguments.of(List.of("acls", "--aply"), "Unknown option: '--aply'"),
        Arguments.of(List.of("dlq"), "Missing required subcommand"),
        Arguments.of(List.of("dlq", "purge"), "'purge'"),
        Arguments.of(List.of("dlq", "list", "--limit", "-5"), "--limit must be at least 1, not -5"),
        Arguments.of(List.of("dlq", "list", "--limit"), "--limit"),
        Arguments.of(List.of("dlq", "replay"), "P:O"),
        Arguments.of(List.of("dlq", "replay", "0:12", "latest"), "not 'latest'"),
        Arguments.of(List.of("keys"), "Missing required subcommand"),
        Arguments.of(List.of("keys", "rotate", "--prnt"), "Unknown option: '--prnt'"),
        Arguments.of(List.of("no-such-command"), "'no-such-command'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrongCommandLines")
  void aWrongCommandLineExitsTwoWithOneLineAndTouchesNothing(List<String> command, String says) throws IOException {
    Result r = run(command);
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains(says).contains("--help");
    assertThat(r.out()).isEmpty();
    assertNobodyConnected();
    assertThat(Files.readString(dataDir.resolve("secrets.properties"))).isEqualTo(secrets);
  }

  @Test
  void aTypoSuggestsTheOptionMeant() {
    Result r = run(List.of("topics", "--verfy"));
    assertThat(r.err()).contains("did you mean --verify");
  }

  @Test
  void versionPrintsTheProjectVersion() {
    Result r = run(List.of("--version"));
    assertThat(r.code()).isZero();
    assertThat(r.out().trim()).matches("crisisline \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  static Stream<List<String>> commandsThatNeedKafka() {
    return Stream.of(List.of("topics"), List.of("topics", "--verify"), List.of("acls", "--apply"),
        List.of("dlq", "list"), List.of("dlq", "replay", "0:1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commandsThatNeedKafka")
  void withNoBrokerACommandSaysSoInOneLineWithinTenSeconds(List<String> command) throws IOException {
    // Given no broker on the local stack's port
    int closed = closedPort();
    Map<String, String> env = Map.of("CRISISLINE_KAFKA_PORT", Integer.toString(closed),
        "CRISISLINE_DATA_DIR", dataDir.toString());
    // When a command that needs Kafka runs
    Result r = run(env, command);
    // Then it fails at once with one line naming the address and what to do
    String name = "crisisline " + String.join(" ", command.subList(0, command.get(0).equals("dlq") ? 2 : 1));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.errLines()).containsExactly(name + ": no Kafka at localhost:" + closed
        + " — is ./crisisline up running? set KAFKA_BOOTSTRAP_SERVERS");
    assertThat(r.took()).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void withKafkaBootstrapServersSetTheLineNamesThatVariable() throws IOException {
    int closed = closedPort();
    Result r = run(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + closed), List.of("topics"));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.errLines()).singleElement().asString()
        .contains("no Kafka at 127.0.0.1:" + closed + " (KAFKA_BOOTSTRAP_SERVERS)");
  }

  /**
   * The real process, as the launcher runs it: the Kafka clients' WARN lines would go to the console,
   * so the whole of stderr is checked, not only what the command prints.
   */
  @Test
  void theOperatorProcessWithNoBrokerPrintsOneLineAndExitsWithinTenSeconds() throws Exception {
    int closed = closedPort();
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Ops.class.getName(), "dlq", "list");
    pb.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
    pb.environment().put("CRISISLINE_KAFKA_PORT", Integer.toString(closed));
    long start = System.nanoTime();
    Process p = pb.start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(err).isEqualTo(1);
    assertThat(err.lines().toList()).containsExactly("crisisline dlq list: no Kafka at localhost:" + closed
        + " — is ./crisisline up running? set KAFKA_BOOTSTRAP_SERVERS");
    assertThat(took).isLessThan(Duration.ofSeconds(10));
  }

  private Result run(List<String> command, String... more) {
    return run(Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + kafka.getLocalPort(),
        "CRISISLINE_DATA_DIR", dataDir.toString()), Stream.concat(command.stream(), Stream.of(more)).toList());
  }

  private static Result run(Map<String, String> env, List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long start = System.nanoTime();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Ops.run(args.toArray(String[]::new), env, o, e);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
        Duration.ofNanos(System.nanoTime() - start));
  }

  private void assertNobodyConnected() throws IOException {
    try {
      kafka.accept().close();
      throw new AssertionError("the command connected to Kafka");
    } catch (SocketTimeoutException expected) {
      // nobody came
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}

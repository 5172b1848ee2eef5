package org.crisisline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.crisisline.localstack.LocalStack;
import org.crisisline.localstack.StackSettings;

/**
 * What the bench drives: the local stack started in this JVM on free ports with a fresh data
 * directory, or a running deployment given by URL and bootstrap servers. In-process, the stack gets
 * a dedicated region (added to the routing policy and intake's regions) so the demo responders
 * never see bench requests, no per-user or notifier rate limit, and tokens that outlive the run.
 */
final class Target implements AutoCloseable {
  static final String LOCAL_PASSWORD = "bench-demo-password";

  final String url;
  final String bootstrap;
  final String password;
  final String description;
  private final LocalStack stack;

  private Target(String url, String bootstrap, String password, String description, LocalStack stack) {
    this.url = url;
    this.bootstrap = bootstrap;
    this.password = password;
    this.description = description;
    this.stack = stack;
  }

  /** Another bench already runs a stack in the same output directory. */
  static final class Busy extends RuntimeException {
    Busy(String message) {
      super(message);
    }
  }

  /** Held until the JVM exits (an unreachable channel would be closed, and its lock released, by GC). */
  private static FileChannel outLock;

  /**
   * Refuses a second bench on the same output directory while the first runs: it would delete and
   * re-create the first one's broker files under it (seen: the first broker failed with SIGBUS on
   * its memory-mapped indexes, and both reports were garbage).
   */
  static synchronized void lock(Path out) {
    try {
      Files.createDirectories(out);
      FileChannel channel = FileChannel.open(out.resolve("bench.lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new Busy("another bench is running in " + out + ": wait for it, or give this one its own --out");
      }
      outLock = channel;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Target of(BenchOptions o) {
    if (o.url() != null) {
      return new Target(o.url(), o.bootstrap(), o.password(), "running deployment " + o.url() + " / " + o.bootstrap(),
          null);
    }
    lock(o.out().toAbsolutePath());
    Path data = o.out().toAbsolutePath().resolve("stack-data");
    deleteTree(data);
    try {
      Files.createDirectories(data);
      Path policy = data.resolve("bench-policy.properties");
      Files.writeString(policy, "regions=north,south,east," + o.region() + "\n");
      Map<String, String> env = new HashMap<>(System.getenv());
      env.remove("KAFKA_BOOTSTRAP_SERVERS");
      env.put("CRISISLINE_DATA_DIR", data.toString());
      for (String var : new String[] {"CRISISLINE_KAFKA_PORT", "CRISISLINE_KAFKA_CONTROLLER_PORT",
          "CRISISLINE_HTTP_PORT", "CRISISLINE_NOTIFIER_PORT", "CRISISLINE_ROUTING_PORT",
          "CRISISLINE_SMS_SINK_PORT", "SMTP_PORT"}) {
        env.put(var, "0");
      }
      env.put("CRISISLINE_DEMO_PASSWORD", LOCAL_PASSWORD);
      env.put("CRISISLINE_REGIONS", "north,south,east," + o.region());
      env.put("CRISISLINE_ROUTING_POLICY", policy.toString());
      env.put("CRISISLINE_RATE_LIMIT_PER_MINUTE", "1000000000");
      env.put("CRISISLINE_JWT_TTL_SECONDS", "86400");
      // The notifier's anti-flood limits (6 offers/min per responder, 50 SMS/s) would fail the
      // bench's pages on purpose; a load test of the pipeline lifts them.
      env.put("CRISISLINE_NOTIFIER_RATE_PER_RESPONDER", "1000000");
      env.put("CRISISLINE_NOTIFIER_RATE_GLOBAL", "1000000");
      LocalStack stack = LocalStack.start(StackSettings.fromEnv(env));
      return new Target(stack.intakeUrl(), stack.bootstrapServers(), LOCAL_PASSWORD,
          "local stack in this JVM (embedded KRaft broker, routing-streams, intake, notifier, SMS sink, GreenMail)",
          stack);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean inProcess() {
    return stack != null;
  }

  /** The in-process stack's SMS sink (only when {@link #inProcess()}). */
  org.crisisline.smssink.SmsSink sms() {
    return stack.sms();
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (stack != null) {
      stack.close();
    }
  }
}

package org.crisisline.system.reliability;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak's intake as a deployment bounds it ({@code -Dcrisisline.reliability.recentHours}): with a
 * records database (PostgreSQL, embedded, under the run's directory), a recent window and an
 * idempotency time given in hours ({@code -Dcrisisline.reliability.idempotencyHours}, default the
 * window), in a JVM of its own so that its heap after a full GC is measured apart from the brokers'
 * and the harness's. Without the property intake runs inside the test JVM, as before.
 */
final class BoundedIntake implements AutoCloseable {
  private static final Pattern USED = Pattern.compile("used (\\d+)K");
  private final EmbeddedPostgres postgres;
  private final ChildJvm jvm;

  /** True when the run asked for a bounded intake. */
  static boolean requested() {
    return System.getProperty("crisisline.reliability.recentHours") != null;
  }

  BoundedIntake(Map<String, String> intakeEnv, Path dir) {
    String window = System.getProperty("crisisline.reliability.recentHours");
    try {
      postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("postgres")).setCleanDataDirectory(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("no PostgreSQL for the bounded intake", e);
    }
    Map<String, String> env = new HashMap<>(intakeEnv);
    int port = ReliabilityStack.freePort();
    env.put("CRISISLINE_HTTP_PORT", Integer.toString(port));
    env.put("CRISISLINE_RECORDS_JDBC_URL", postgres.getJdbcUrl("postgres", "postgres"));
    env.put("CRISISLINE_RECORDS_DB_USER", "postgres");
    env.put("CRISISLINE_RECENT_HOURS", window);
    env.put("CRISISLINE_IDEMPOTENCY_HOURS", System.getProperty("crisisline.reliability.idempotencyHours", window));
    // A responder reads a finished request's details for as long as it is held, at most the usual hour.
    long windowSeconds = Math.round(Double.parseDouble(window) * 3600);
    env.put("CRISISLINE_DETAILS_GRACE_SECONDS", Long.toString(Math.min(3600, windowSeconds)));
    jvm = new ChildJvm("intake", "org.crisisline.intake.IntakeApp", env, port, dir).start();
  }

  ChildJvm jvm() {
    return jvm;
  }

  String url() {
    return "http://localhost:" + jvm.httpPort();
  }

  /** The intake JVM's heap in use right after a full GC, in MB; -1 when it cannot be read. */
  long heapAfterFullGcMb() {
    long pid = jvm.pid();
    if (pid < 0) {
      return -1;
    }
    jcmd(pid, "GC.run");
    return usedKb(jcmd(pid, "GC.heap_info")) / 1024;
  }

  /** The heap's "used" from {@code GC.heap_info}: every generation's (serial) or the one G1 heap; never Metaspace. */
  static long usedKb(String heapInfo) {
    long used = 0;
    boolean found = false;
    for (String line : heapInfo.split("\n")) {
      Matcher m = USED.matcher(line);
      if ((line.contains("generation") || line.contains("garbage-first heap")) && m.find()) {
        used += Long.parseLong(m.group(1));
        found = true;
      }
    }
    return found ? used : -1024;
  }

  private static String jcmd(long pid, String command) {
    try {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(pid), command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(60, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  @Override
  public void close() {
    jvm.close();
    try {
      postgres.close();
    } catch (IOException e) {
      // the run is over; its directory is the test's
    }
  }
}

package org.crisisline.system.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One service ({@code RoutingApp} or {@code NotifierApp}) as a separate JVM on the test's own
 * classpath, so a fault test can SIGKILL it ({@link Process#destroyForcibly()}) and start it again
 * with the same environment (same data dir, same ports). Output goes to
 * {@code target/reliability/<name>.log} (appended across restarts). Every child ever started is
 * destroyed by a JVM shutdown hook as well as by {@link #close()}, so none outlives the test.
 * Reads/writes no topics itself.
 */
final class ChildJvm implements AutoCloseable {
  private static final Set<Process> ALL = ConcurrentHashMap.newKeySet();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ALL.forEach(Process::destroyForcibly), "child-jvm-reaper"));
  }

  private final String name;
  private final String mainClass;
  private final Map<String, String> env;
  private final int httpPort;
  private final Path log;
  private volatile Process process;
  private int starts;

  ChildJvm(String name, String mainClass, Map<String, String> env, int httpPort, Path logDir) {
    this.name = name;
    this.mainClass = mainClass;
    this.env = Map.copyOf(env);
    this.httpPort = httpPort;
    this.log = logDir.resolve(name + ".log");
  }

  String name() {
    return name;
  }

  int httpPort() {
    return httpPort;
  }

  /** Launches the JVM; does not wait for readiness (see {@link #ready()}). */
  synchronized ChildJvm start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is running");
    }
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
        "-Dcrisisline.child=" + name, "-cp", System.getProperty("java.class.path"), mainClass));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(log, "==== start " + (++starts) + " of " + name + " at " + java.time.Instant.now() + "\n",
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      process = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name, e);
    }
    ALL.add(process);
    return this;
  }

  /** True when the child's /ready answers 200 (Streams RUNNING / notifier consuming). */
  boolean ready() {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return false;
    }
    try {
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/ready"))
          .timeout(Duration.ofSeconds(2)).GET().build();
      return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The running child's process id (for jcmd), or -1. */
  long pid() {
    Process p = process;
    return p == null || !p.isAlive() ? -1 : p.pid();
  }

  boolean alive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. Waits until it is gone. */
  synchronized void kill() {
    Process p = process;
    if (p == null) {
      return;
    }
    p.destroyForcibly();
    try {
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ALL.remove(p);
  }

  @Override
  public void close() {
    kill();
  }
}

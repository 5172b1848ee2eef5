package org.crisisline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One crisisline service (intake or routing) in a child JVM of its own, so its heap is its own: the
 * bench's classpath, {@code main} of the service, its environment, stdout/stderr to a log file.
 * Heap after a full GC through {@code jcmd GC.run} then {@code GC.heap_info}; stopped by SIGTERM
 * (the services' shutdown hooks close them cleanly, as an operator's restart does).
 */
final class ServiceProcess {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final String mainClass;
  private final String maxHeap;
  private final Map<String, String> env;
  private final int port;
  private final Path log;
  private Process process;

  ServiceProcess(String name, String mainClass, String maxHeap, Map<String, String> env, int port, Path log) {
    this.name = name;
    this.mainClass = mainClass;
    this.maxHeap = maxHeap;
    this.env = env;
    this.port = port;
    this.log = log;
  }

  void start() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + maxHeap, "-XX:+UseG1GC",
        "-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile", ""),
        "-cp", System.getProperty("java.class.path"), mainClass));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      process = pb.start();
      Process started = process;
      // A bench stopped by Ctrl-C must not leave its services running.
      Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "stop-" + name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** Seconds from now until {@code /ready} answers 200; throws after {@code max} or if the process dies. */
  double awaitReady(long startedNanos, Duration max) throws InterruptedException {
    URI ready = URI.create("http://localhost:" + port + "/ready");
    long until = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < until) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " before ready (log " + log + ")");
      }
      try {
        HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).GET().build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return (System.nanoTime() - startedNanos) / 1e9;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(name + " not ready within " + max + " (log " + log + ")");
  }

  /** Heap used after a full GC, in MB (G1's "used" after {@code jcmd GC.run}). */
  long heapAfterFullGcMb() throws IOException, InterruptedException {
    jcmd("GC.run");
    return WaitingHeap.usedKb(jcmd("GC.heap_info")) / 1024;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), command)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  /** SIGTERM, then SIGKILL if it has not exited after 30 s. */
  void stop() throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}

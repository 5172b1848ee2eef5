package org.crisisline.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * CPU and heap of this JVM over one step (in-process it hosts the broker, the three services and
 * the bench itself). CPU is process CPU time over wall time, in % of the whole machine; heap is
 * the highest used heap seen by {@link #sample()}, which the bench calls every 250 ms. JIT is the
 * CPU time of the JIT compiler threads (C1, C2), in % of the whole machine like CPU: the stack in one
 * JVM is a large body of code, and on 2 cores its C2 compiler was still busy minutes after start, in
 * the steps it was meant to stay out of. The compiler threads are not Java threads the JVM's
 * management beans list, and {@code CompilationMXBean} sums compile wall time, which on a busy machine
 * counts the time a compiler waited for a core; so it is read from {@code /proc/self/task} (Linux,
 * USER_HZ 100), and reported as unknown (-1) elsewhere.
 */
final class Resources {
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private long cpuStart;
  private long jitStart;
  private long wallStart;
  private volatile long heapMax;

  void begin() {
    cpuStart = os.getProcessCpuTime();
    jitStart = jitMillis();
    wallStart = System.nanoTime();
    heapMax = 0;
  }

  void sample() {
    heapMax = Math.max(heapMax, memory.getHeapMemoryUsage().getUsed());
  }

  /** Process CPU in % of all cores since {@link #begin()}. */
  double cpuPercent() {
    double wall = System.nanoTime() - wallStart;
    return wall <= 0 ? 0 : 100.0 * (os.getProcessCpuTime() - cpuStart) / wall / os.getAvailableProcessors();
  }

  /** The JIT compilers' CPU in % of all cores since {@link #begin()}; -1 when /proc cannot say. */
  double jitPercent() {
    double wallMillis = (System.nanoTime() - wallStart) / 1e6;
    long now = jitMillis();
    return now < 0 || jitStart < 0 || wallMillis <= 0 ? -1
        : 100.0 * Math.max(0, now - jitStart) / wallMillis / os.getAvailableProcessors();
  }

  /**
   * Waits, at most {@code max}, until the JIT compiled for less than {@code quietPercent} of one core
   * over one {@code window}; returns the share of one core it took in the last window (-1 if unknown).
   */
  double awaitJitQuiet(Duration window, double quietPercent, Duration max) throws InterruptedException {
    long until = System.nanoTime() + max.toNanos();
    double share;
    do {
      long before = jitMillis();
      Thread.sleep(window.toMillis());
      long after = jitMillis();
      share = before < 0 || after < 0 ? -1 : 100.0 * Math.max(0, after - before) / window.toMillis();
    } while (share >= quietPercent && System.nanoTime() < until);
    return share;
  }

  /** CPU time of this JVM's JIT compiler threads so far, in ms; -1 when /proc cannot say. */
  static long jitMillis() {
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return -1;
    }
    long ticks = 0;
    try (Stream<Path> threads = Files.list(tasks)) {
      for (Path t : (Iterable<Path>) threads::iterator) {
        ticks += compilerTicks(t);
      }
    } catch (IOException e) {
      return -1;
    }
    return ticks * 10;
  }

  /** utime + stime (fields 14 and 15 of {@code stat}) of a compiler thread, else 0. */
  private static long compilerTicks(Path thread) {
    try {
      String name = Files.readString(thread.resolve("comm")).trim();
      if (!name.startsWith("C1 Compiler") && !name.startsWith("C2 Compiler")) {
        return 0;
      }
      String stat = Files.readString(thread.resolve("stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException ended) {
      return 0; // the thread ended while being read
    }
  }

  long heapMaxMb() {
    return heapMax / (1024 * 1024);
  }

  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}

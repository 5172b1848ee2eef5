package org.crisisline.system.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The soak's heap curve: every {@code every}, a full GC of this JVM (intake and the run's own
 * bookkeeping live here) and the heap it left in use, beside how many requests were acknowledged by
 * then. Only for soaks ({@code -Dcrisisline.reliability.heapEveryMinutes}); a CI run takes no samples,
 * since a forced GC is itself a pause the run would feel.
 */
final class HeapCurve implements AutoCloseable {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "heap-curve");
    t.setDaemon(true);
    return t;
  });
  private final Instant began = Instant.now();

  /**
   * {@code minute,acked,heapAfterGcMb,intakeHeapAfterGcMb}, one line per sample, header first; the last
   * column is intake's own JVM when the run has a bounded intake ({@link BoundedIntake}), else -1.
   */
  static final java.nio.file.Path FILE = java.nio.file.Path.of("target", "reliability", "heap.csv");
  private final java.util.function.LongSupplier intakeHeapMb;

  HeapCurve(Duration every, IntSupplier acked, java.util.function.LongSupplier intakeHeapMb) {
    this.intakeHeapMb = intakeHeapMb;
    try {
      java.nio.file.Files.createDirectories(FILE.getParent());
      java.nio.file.Files.writeString(FILE, "minute,acked,heapAfterGcMb,intakeHeapAfterGcMb\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    timer.scheduleAtFixedRate(() -> sample(acked.getAsInt()), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void sample(int acked) {
    System.gc();
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      // Usage right after the last collection: what survived it, not garbage waiting for the next one.
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        used += pool.getCollectionUsage().getUsed();
      }
    }
    long minute = Duration.between(began, Instant.now()).toMinutes();
    String line = minute + "," + acked + "," + used / (1024 * 1024) + "," + intakeHeapMb.getAsLong();
    try {
      // Written as it is taken, so a run that fails still leaves its curve behind.
      java.nio.file.Files.writeString(FILE, line + "\n", java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (java.io.IOException e) {
      System.err.println("heap curve: cannot write " + FILE + ": " + e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

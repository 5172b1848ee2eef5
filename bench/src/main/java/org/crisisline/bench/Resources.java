package org.crisisline.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * CPU and heap of this JVM over one step (in-process it hosts the broker, the three services and
 * the bench itself). CPU is process CPU time over wall time, in % of the whole machine; heap is
 * the highest used heap seen by {@link #sample()}, which the bench calls every 250 ms.
 */
final class Resources {
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private long cpuStart;
  private long wallStart;
  private volatile long heapMax;

  void begin() {
    cpuStart = os.getProcessCpuTime();
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

  long heapMaxMb() {
    return heapMax / (1024 * 1024);
  }

  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}

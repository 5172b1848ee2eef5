package org.crisisline.bench;

/** Placeholder until the heap mode lands. */
final class WaitingHeap {
  private WaitingHeap() {}

  static void run(BenchOptions o) {
    throw new UnsupportedOperationException("--waiting not implemented yet");
  }
}

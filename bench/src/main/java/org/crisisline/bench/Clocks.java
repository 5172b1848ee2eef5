package org.crisisline.bench;

import java.time.Instant;

/** Wall-clock microseconds: the only clock events written by another component can be compared on. */
final class Clocks {
  private Clocks() {}

  static long epochMicros() {
    return micros(Instant.now());
  }

  static long micros(Instant i) {
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
  }
}

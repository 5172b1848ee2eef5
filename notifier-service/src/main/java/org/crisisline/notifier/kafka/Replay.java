package org.crisisline.notifier.kafka;

import java.time.Clock;
import java.time.Duration;

/**
 * How far back offers, answers and statuses are re-read when a reader starts or an offers
 * partition is assigned: {@code lookback} before the clock's now.
 */
public record Replay(Duration lookback, Clock clock) {

  /** The timestamp (epoch millis) a re-read starts from. */
  long fromEpochMilli() {
    return clock.instant().minus(lookback).toEpochMilli();
  }
}

package org.crisisline.events.oncall;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;

/**
 * Who takes turns, and when they hand over. {@code participants} are user ids in order, and may
 * repeat (a, b, a, c); the first takes the shift that contains {@code start}, which may be shorter
 * than a full shift when {@code start} is not itself a hand-off. Before {@code start} the rotation
 * has not begun and puts nobody on call. {@code handoffDay} is read only for WEEKLY.
 */
public record Rotation(
    List<String> participants,
    int shiftLength,
    Handoff handoff,
    LocalTime handoffTime,
    DayOfWeek handoffDay,
    Instant start) {

  public Rotation {
    participants = participants == null ? List.of() : List.copyOf(participants);
  }
}

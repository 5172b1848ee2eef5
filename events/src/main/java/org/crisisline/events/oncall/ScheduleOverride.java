package org.crisisline.events.oncall;

import java.time.Instant;

/**
 * Someone covers the schedule over [{@code from}, {@code to}): while it lasts they, not the
 * rotation, are on call. Half-open, so an override ending at 09:00 and a shift starting at
 * 09:00 do not overlap.
 */
public record ScheduleOverride(String userId, Instant from, Instant to) {

  /** Whether this override is in force at {@code at}. */
  public boolean covers(Instant at) {
    return !at.isBefore(from) && at.isBefore(to);
  }
}

package org.crisisline.events.oncall;

import java.util.ArrayList;
import java.util.List;

/**
 * An on-call schedule: a rotation plus temporary overrides, in a time zone (an IANA id such as
 * {@code Europe/London}) in which hand-off times are read. Plain data; {@link ScheduleRules}
 * says what is valid and {@link OnCall} who is on call.
 */
public record Schedule(
    String id,
    String name,
    String timeZone,
    Rotation rotation,
    List<ScheduleOverride> overrides) {

  public Schedule {
    overrides = overrides == null ? List.of() : List.copyOf(overrides);
  }

  /** A copy with one more override. */
  public Schedule withOverride(ScheduleOverride override) {
    var more = new ArrayList<>(overrides);
    more.add(override);
    return new Schedule(id, name, timeZone, rotation, more);
  }
}

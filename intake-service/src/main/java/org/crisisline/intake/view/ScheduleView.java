package org.crisisline.intake.view;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.crisisline.events.ScheduleSaved;

/** On-call schedules by id, as last saved, from the compacted {@code oncall-schedules} topic. */
public final class ScheduleView {
  private final ConcurrentHashMap<String, ScheduleSaved> schedules = new ConcurrentHashMap<>();

  /** A null value is a tombstone. An older version than the one held (an echo of our own write) is ignored. */
  public void apply(String scheduleId, ScheduleSaved saved) {
    if (saved == null) {
      schedules.remove(scheduleId);
      return;
    }
    schedules.merge(scheduleId, saved, (old, now) -> now.version() >= old.version() ? now : old);
  }

  public Optional<ScheduleSaved> get(String scheduleId) {
    return Optional.ofNullable(schedules.get(scheduleId));
  }

  /** Every schedule, by id. */
  public List<ScheduleSaved> all() {
    return schedules.values().stream()
        .sorted(Comparator.comparing((ScheduleSaved s) -> s.schedule().id())).toList();
  }
}

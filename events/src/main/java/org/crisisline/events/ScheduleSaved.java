package org.crisisline.events;

import java.time.Instant;
import org.crisisline.events.oncall.Schedule;

/**
 * Value of the compacted {@code oncall-schedules} topic, keyed by scheduleId: the whole schedule
 * as last saved (rotation and every override), so the latest record alone says who is on call.
 * {@code version} counts saves of this schedule, starting at 1.
 */
public record ScheduleSaved(String eventId, Instant occurredAt, long version, Schedule schedule) implements Event {}

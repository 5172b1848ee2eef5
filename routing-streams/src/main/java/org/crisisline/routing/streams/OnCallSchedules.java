package org.crisisline.routing.streams;

import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.crisisline.events.ScheduleSaved;
import org.crisisline.events.oncall.OnCall;
import org.crisisline.events.oncall.OnCallShift;
import org.crisisline.routing.market.OnCallDirectory;

/**
 * Who is on call, from the global {@code oncall-schedules} store (every routing instance holds
 * every schedule as last saved) and the pure {@link OnCall#at}. An unknown or deleted schedule
 * puts nobody on call; an invalid one throws, and the caller pages nobody for that step.
 */
public final class OnCallSchedules implements OnCallDirectory {
  public static final String STORE = "oncall-schedules-global";
  private final KeyValueStore<String, ValueAndTimestamp<ScheduleSaved>> schedules;

  public OnCallSchedules(KeyValueStore<String, ValueAndTimestamp<ScheduleSaved>> schedules) {
    this.schedules = schedules;
  }

  @Override
  public List<String> onCall(String scheduleId, Instant at) {
    ValueAndTimestamp<ScheduleSaved> saved = schedules.get(scheduleId);
    if (saved == null || saved.value() == null || saved.value().schedule() == null) {
      return List.of();
    }
    return OnCall.at(saved.value().schedule(), at).stream().map(OnCallShift::userId).toList();
  }
}

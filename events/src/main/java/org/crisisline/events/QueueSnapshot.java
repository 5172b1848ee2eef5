package org.crisisline.events;

import java.time.Instant;
import java.util.Map;

/**
 * Value of the compacted {@code queue-snapshots}, keyed by poolId ({@code region/pool}, e.g.
 * {@code north/HOTLINE_COUNSELLOR}). What a supervisor needs to act before a target is missed.
 */
public record QueueSnapshot(
    String eventId,
    Instant occurredAt,
    String poolId,
    String region,
    String pool,
    Map<Urgency, Integer> waitingByUrgency,
    long longestWaitSeconds,
    Urgency longestWaitUrgency,
    long longestWaitSlaSeconds,
    Map<ResponderStatus, Integer> respondersByStatus,
    Map<String, String> awayReasons,
    int offersOutstanding,
    int slaBreaches)
    implements Event {

  public QueueSnapshot {
    waitingByUrgency = waitingByUrgency == null ? Map.of() : Map.copyOf(waitingByUrgency);
    respondersByStatus = respondersByStatus == null ? Map.of() : Map.copyOf(respondersByStatus);
    awayReasons = awayReasons == null ? Map.of() : Map.copyOf(awayReasons);
  }
}

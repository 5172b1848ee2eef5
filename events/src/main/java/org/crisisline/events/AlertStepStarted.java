package org.crisisline.events;

import java.time.Instant;
import java.util.List;

/**
 * A step of the escalation policy begins: {@code step} (1-based, index into {@code page.steps})
 * of pass {@code attempt} (1-based, up to 1 + {@code page.repeat}). {@code onCall} are the user
 * ids found on call in {@code scheduleId} at that moment, each paged by one {@link AlertPaged};
 * empty when nobody was on call (the step is still recorded, and the next one follows on time).
 */
public record AlertStepStarted(
    String eventId,
    Instant occurredAt,
    String alertId,
    String requestId,
    int step,
    int attempt,
    String scheduleId,
    java.util.List<String> onCall)
    implements AlertEvent {

  public AlertStepStarted {
    onCall = onCall == null ? List.of() : List.copyOf(onCall);
  }
}

package org.crisisline.events;

import java.time.Instant;
import java.util.List;

/**
 * The request behind the alert left the need for it: accepted, cancelled, expired or completed
 * ({@code resolution}). Paging stops; the notifier sends everyone in {@code paged} a short
 * "resolved" message, once per person and channel, so nobody drives in for nothing.
 */
public record AlertResolved(
    String eventId,
    Instant occurredAt,
    String alertId,
    String code,
    String requestId,
    RequestStatus resolution,
    List<String> paged)
    implements AlertEvent {

  public AlertResolved {
    paged = paged == null ? List.of() : List.copyOf(paged);
  }
}

package org.crisisline.events;

import java.time.Instant;

/** Someone acknowledged the alert: paging stops. {@code userId} is who, {@code via} how. */
public record AlertAcknowledged(
    String eventId,
    Instant occurredAt,
    String alertId,
    String requestId,
    String userId,
    AlertVia via)
    implements AlertEvent {}

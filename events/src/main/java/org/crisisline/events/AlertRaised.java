package org.crisisline.events;

import java.time.Instant;

/**
 * An alert is raised for a request. {@code code} is the short code people type in an SMS reply
 * ({@code ACK <code>}); {@code waitingSince} is when the request was logged.
 */
public record AlertRaised(
    String eventId,
    Instant occurredAt,
    String alertId,
    String code,
    String requestId,
    String region,
    Urgency urgency,
    AlertReason reason,
    Instant waitingSince)
    implements AlertEvent {}

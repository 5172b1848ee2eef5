package org.crisisline.events;

import java.time.Instant;

/**
 * Value of {@code request-status}, keyed by requestId: every lifecycle transition with its
 * reason, and rejected answers (status unchanged, reason says why). Written by routing only.
 */
public record RequestStatusChanged(
    String eventId,
    Instant occurredAt,
    String requestId,
    RequestStatus status,
    String reason,
    String offerId,
    String responderId,
    String serviceId,
    String region,
    Urgency urgency,
    Need need)
    implements Event {}

package org.crisisline.events;

import java.time.Instant;

/** Value of {@code responder-status}, keyed by responderId; {@code changedBy} is a username. */
public record ResponderStatusChanged(
    String eventId,
    Instant occurredAt,
    String responderId,
    ResponderStatus status,
    String reason,
    String changedBy)
    implements Event {}

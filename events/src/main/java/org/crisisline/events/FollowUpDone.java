package org.crisisline.events;

import java.time.Instant;

/**
 * The peer specialist {@code responderId} recorded how follow-up {@code followUpId} went.
 * {@code retryDueAt} is when the next attempt is due (a caller not reached, attempts left), else null.
 */
public record FollowUpDone(
    String eventId,
    Instant occurredAt,
    String requestId,
    String followUpId,
    int step,
    int attempt,
    FollowUpOutcome outcome,
    String responderId,
    Instant retryDueAt)
    implements FollowUpEvent {}

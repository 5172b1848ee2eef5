package org.crisisline.events;

import java.time.Instant;

/**
 * The peer specialist {@code responderId} recorded how follow-up {@code followUpId} went; or, with
 * {@code outcome} and {@code responderId} null, the follow-up expired before anyone recorded an outcome
 * (no peer specialist took it in its lifetime, or the one who took it recorded nothing).
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

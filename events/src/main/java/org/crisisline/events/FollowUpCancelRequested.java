package org.crisisline.events;

import java.time.Instant;

/**
 * On {@code offer-answers}, written by intake: cancel follow-up {@code followUpId} of request
 * {@code requestId}, or, when {@code followUpId} is null, every follow-up of it not yet done and any
 * it would have had (reason CONSENT_WITHDRAWN: the caller opted out; routing then schedules none for
 * this request even if it ends later). {@code responderId} is who asked; null for a caller's opt-out.
 */
public record FollowUpCancelRequested(
    String eventId,
    Instant occurredAt,
    String requestId,
    String followUpId,
    FollowUpCancelReason reason,
    String responderId)
    implements AnswerEvent {}

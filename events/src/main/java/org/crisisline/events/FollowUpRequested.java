package org.crisisline.events;

import java.time.Instant;

/**
 * On {@code offer-answers}, written by intake: {@code responderId} (the accepting responder, or
 * staff) adds a follow-up to request {@code requestId}, due at {@code dueAt}, with id
 * {@code followUpId} chosen by intake (derived from the Idempotency-Key, so a retry names the same
 * one). {@code note} is sealed under the request's data key (field {@code followUpNote/<followUpId>},
 * bound to {@code requestId}), so erasing the caller erases it too. Routing
 * schedules it when the request's caller consented and has not withdrawn, and says why not
 * otherwise (ANSWER_REJECTED).
 */
public record FollowUpRequested(
    String eventId,
    Instant occurredAt,
    String requestId,
    String followUpId,
    Instant dueAt,
    Sealed note,
    String responderId)
    implements AnswerEvent {}

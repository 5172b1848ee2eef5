package org.crisisline.events;

import java.time.Instant;

/** The accepting responder closed the request; frees their capacity. */
public record RequestCompleted(
    String eventId, Instant occurredAt, String requestId, String responderId, String outcome)
    implements AnswerEvent {}

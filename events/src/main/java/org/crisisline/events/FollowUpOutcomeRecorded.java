package org.crisisline.events;

import java.time.Instant;

/**
 * The peer specialist who accepted a follow-up (a request routing logged for caring contacts) says
 * how the attempt to reach the caller ended; this completes the follow-up. A caller not reached
 * ({@code NO_ANSWER}, {@code LEFT_MESSAGE}) is tried again by routing after {@code followup.retry},
 * up to {@code followup.attempts}. Keyed by the follow-up's requestId on {@code offer-answers}.
 */
public record FollowUpOutcomeRecorded(
    String eventId, Instant occurredAt, String requestId, String responderId, FollowUpOutcome outcome,
    AnswerVia via)
    implements AnswerEvent {}

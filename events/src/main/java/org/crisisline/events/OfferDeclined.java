package org.crisisline.events;

import java.time.Instant;

public record OfferDeclined(
    String eventId,
    Instant occurredAt,
    String requestId,
    String offerId,
    String responderId,
    String reason,
    AnswerVia via)
    implements AnswerEvent {}

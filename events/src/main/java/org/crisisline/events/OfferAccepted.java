package org.crisisline.events;

import java.time.Instant;

public record OfferAccepted(
    String eventId,
    Instant occurredAt,
    String requestId,
    String offerId,
    String responderId,
    AnswerVia via)
    implements AnswerEvent {}

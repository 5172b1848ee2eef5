package org.crisisline.events;

import java.time.Instant;

public record DeliveryAttempted(
    String eventId,
    Instant occurredAt,
    String offerId,
    String requestId,
    String recipientId,
    DeliveryChannel channel,
    int attempt)
    implements DeliveryEvent {}

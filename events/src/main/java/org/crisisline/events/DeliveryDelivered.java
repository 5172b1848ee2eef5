package org.crisisline.events;

import java.time.Instant;

/** The provider accepted (or confirmed) the message; {@code providerStatus} as reported. */
public record DeliveryDelivered(
    String eventId,
    Instant occurredAt,
    String offerId,
    String requestId,
    String recipientId,
    DeliveryChannel channel,
    String providerMessageId,
    String providerStatus)
    implements DeliveryEvent {}

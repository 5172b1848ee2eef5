package org.crisisline.events;

import java.time.Instant;

/**
 * A channel gave up on an offer. {@code allChannelsFailed} is true on the last failure, when
 * no channel is left: routing then re-offers at once instead of waiting for the timeout.
 */
public record DeliveryFailed(
    String eventId,
    Instant occurredAt,
    String offerId,
    String requestId,
    String recipientId,
    DeliveryChannel channel,
    String reason,
    boolean permanent,
    boolean allChannelsFailed)
    implements DeliveryEvent {}

package org.crisisline.events;

import java.time.Instant;

/** The offer is withdrawn (declined, timed out, undeliverable, cancelled); stop any sends. */
public record OfferRescinded(
    String eventId,
    Instant occurredAt,
    String requestId,
    String offerId,
    String responderId,
    String reason)
    implements OfferEvent {}

package org.crisisline.events;

import java.time.Instant;

/**
 * Value of the compacted {@code notifier-sends}, keyed by {@code offerId + "/" + channel}: the
 * notifier's durable ledger, so a restart, rebalance or redelivered offer never sends twice.
 * {@code state}: CLAIMED (about to call the provider), SENT, UNKNOWN (ambiguous timeout, not
 * re-sent blindly), DELIVERED, FAILED, STOPPED (offer rescinded or request done first).
 */
public record SendRecord(
    String eventId,
    Instant occurredAt,
    String offerId,
    DeliveryChannel channel,
    String recipientId,
    String state,
    int attempts,
    String providerMessageId,
    String providerStatus,
    String detail)
    implements Event {}

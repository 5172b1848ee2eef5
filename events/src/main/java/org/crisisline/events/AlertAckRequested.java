package org.crisisline.events;

import java.time.Instant;

/**
 * Someone asks to acknowledge an alert, keyed by requestId: on {@code alert-acks} (intake: the
 * API and the signed link) or {@code sms-alert-acks} (notifier: an SMS {@code ACK <code>} from a
 * paged phone). The writer has checked who is asking; routing decides whether it still applies
 * (only an OPEN alert is acknowledged, once) and records the outcome as {@link AlertAcknowledged}.
 */
public record AlertAckRequested(
    String eventId,
    Instant occurredAt,
    String alertId,
    String requestId,
    String userId,
    AlertVia via)
    implements Event {}

package org.crisisline.smssink;

import java.time.Instant;

/**
 * One message the local stack caught, as {@code GET /outbox} (and intake's
 * {@code GET /api/v1/dev/outbox}) shows it. {@code subject} is null for SMS.
 */
public record OutboxMessage(
    String channel, String to, String subject, String body, String offerId, String responderId, Instant sentAt) {}

package org.crisisline.events;

import java.time.Instant;

/**
 * Value of the compacted {@code idempotency-keys}, keyed by {@code caller + ":" + key}: the
 * first response to a request made with an {@code Idempotency-Key}, so a replay (even after a
 * restart) returns it unchanged. {@code bodyHash} is SHA-256 of the request body, to refuse
 * the same key with a different body. {@code responseBody} holds no PII (ids and status only).
 */
public record IdempotencyRecord(
    String eventId,
    Instant occurredAt,
    String scopedKey,
    String bodyHash,
    int responseStatus,
    String responseBody,
    Instant expiresAt)
    implements Event {}

package org.crisisline.events;

import java.time.Instant;

/**
 * Value of the compacted {@code session-revocations}, keyed by session id: that session signed
 * out, and no token of it may be accepted until {@code revokedUntil}, when the longest-lived of
 * its tokens would have expired anyway and a tombstone lets compaction forget the entry.
 */
public record SessionRevoked(String eventId, Instant occurredAt, String sessionId, Instant revokedUntil)
    implements Event {}

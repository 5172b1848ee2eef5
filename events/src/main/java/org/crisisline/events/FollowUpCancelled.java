package org.crisisline.events;

import java.time.Instant;

/**
 * Follow-up {@code followUpId} of request {@code requestId} will not happen (not yet due), or, when it
 * was already routed and not yet done, is cancelled as a request too. {@code by} is who cancelled it
 * (null for a caller's opt-out).
 */
public record FollowUpCancelled(
    String eventId,
    Instant occurredAt,
    String requestId,
    String followUpId,
    FollowUpCancelReason reason,
    String by)
    implements FollowUpEvent {}

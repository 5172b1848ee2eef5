package org.crisisline.events;

import java.time.Instant;

/**
 * A follow-up of request {@code requestId} is due at {@code dueAt}: step {@code step} of its plan
 * (an added follow-up takes the next step number), attempt {@code attempt} (1, then retries).
 * {@code note} is the sealed note of a follow-up a person added (field {@code followUpNote/<followUpId>},
 * bound to {@code requestId}: under that request's data key), else null; {@code addedBy} who added it,
 * else null.
 */
public record FollowUpScheduled(
    String eventId,
    Instant occurredAt,
    String requestId,
    String followUpId,
    int step,
    int attempt,
    Instant dueAt,
    String region,
    String language,
    FollowUpOrigin origin,
    Sealed note,
    String addedBy)
    implements FollowUpEvent {}

package org.crisisline.events;

import java.time.Instant;

/** Staff cancelled a request (the caller hung up, was helped elsewhere...). */
public record RequestCancelled(
    String eventId, Instant occurredAt, String requestId, String cancelledBy, String reason)
    implements RequestEvent {}

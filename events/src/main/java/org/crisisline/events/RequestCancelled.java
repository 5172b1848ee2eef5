package org.crisisline.events;

import java.time.Instant;

/**
 * Staff cancelled a request. {@code reasonCode} says why (null when not given); {@code note} is
 * their own words, sealed for field {@value #NOTE_FIELD} of this request, or null. Records written
 * before the code existed carried a clear-text {@code reason}: it is no longer read.
 */
public record RequestCancelled(
    String eventId, Instant occurredAt, String requestId, String cancelledBy, CancelReason reasonCode, Sealed note)
    implements RequestEvent {
  /** The field name a cancellation note is sealed under. */
  public static final String NOTE_FIELD = "cancelNote";
}

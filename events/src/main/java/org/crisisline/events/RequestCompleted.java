package org.crisisline.events;

import java.time.Instant;

/**
 * The accepting responder closed the request; frees their capacity. {@code disposition} is the
 * wrap-up code (null when none was given); {@code note} the responder's own words, sealed for field
 * {@value #NOTE_FIELD} of this request, or null. Records written before the code existed carried a
 * clear-text {@code outcome}: it is no longer read.
 */
public record RequestCompleted(
    String eventId, Instant occurredAt, String requestId, String responderId, Disposition disposition, Sealed note)
    implements AnswerEvent {
  /** The field name a completion note is sealed under. */
  public static final String NOTE_FIELD = "completionNote";
}

package org.crisisline.events;

import java.time.Instant;

/**
 * A responder declined an offer. {@code reasonCode} says why (null when not given); {@code note}
 * is their own words, sealed for field {@value #NOTE_FIELD} of the request, or null. Records
 * written before the code existed carried a clear-text {@code reason}: it is no longer read.
 */
public record OfferDeclined(
    String eventId,
    Instant occurredAt,
    String requestId,
    String offerId,
    String responderId,
    DeclineReason reasonCode,
    Sealed note,
    AnswerVia via)
    implements AnswerEvent {
  /** The field name a decline note is sealed under. */
  public static final String NOTE_FIELD = "declineNote";
}

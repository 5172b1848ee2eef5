package org.crisisline.events;

/**
 * Values of {@code offer-answers}, keyed by requestId. Written by intake (API, signed link)
 * and by the notifier (SMS reply). Routing decides whether an answer still applies.
 */
public sealed interface AnswerEvent extends Event
    permits OfferAccepted, OfferDeclined, RequestCompleted {
  String requestId();

  String responderId();
}

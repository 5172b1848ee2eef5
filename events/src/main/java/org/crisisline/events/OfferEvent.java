package org.crisisline.events;

/** Values of {@code offers}, keyed by requestId; written by routing-streams only. */
public sealed interface OfferEvent extends Event permits OfferMade, OfferRescinded {
  String requestId();

  String offerId();
}

package org.crisisline.notifier.domain;

import org.crisisline.events.OfferMade;

/** An offer the notifier cannot act on at all is poison: it goes to dead-letters, not to a phone. */
public final class OfferChecks {
  private OfferChecks() {}

  /** Throws IllegalArgumentException naming the missing field; never quotes values. */
  public static void check(OfferMade offer) {
    require(offer.offerId(), "offerId");
    require(offer.requestId(), "requestId");
    boolean responder = offer.responderId() != null && !offer.responderId().isBlank();
    boolean service = offer.serviceId() != null && !offer.serviceId().isBlank();
    if (responder == service) {
      throw new IllegalArgumentException("OfferMade needs exactly one of responderId and serviceId");
    }
    if (!service && offer.expiresAt() == null) {
      throw new IllegalArgumentException("OfferMade to a responder lacks expiresAt");
    }
  }

  private static void require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("OfferMade lacks " + field);
    }
  }
}

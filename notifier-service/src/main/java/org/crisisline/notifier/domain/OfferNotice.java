package org.crisisline.notifier.domain;

import java.time.Instant;
import java.util.List;
import org.crisisline.events.OfferMade;

/** An offer's handoff to its responder or service. Stopped by its offer's or its request's end. */
public record OfferNotice(OfferMade offer) implements Notice {

  @Override
  public String sendId() {
    return offer.offerId();
  }

  @Override
  public String requestId() {
    return offer.requestId();
  }

  @Override
  public String recipientId() {
    return offer.isReferral() ? offer.serviceId() : offer.responderId();
  }

  @Override
  public Instant madeAt() {
    return offer.occurredAt();
  }

  @Override
  public Instant deadline(Instant now) {
    return StopRules.deadline(offer, now);
  }

  @Override
  public List<String> stopKeys() {
    return List.of(StopRules.offerKey(offer.offerId()), StopRules.requestKey(offer.requestId()));
  }
}

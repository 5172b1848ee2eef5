package org.crisisline.intake.view;

import java.time.Instant;
import org.crisisline.events.OfferMade;

/** An offer routing made and what became of it, from intake's point of view. */
public record OfferState(OfferMade offer, State state) {

  /** OUTSTANDING until answered, rescinded, or its request ended. */
  public enum State { OUTSTANDING, ACCEPTED, DECLINED, RESCINDED, CLOSED }

  public boolean isOutstanding(Instant now) {
    return state == State.OUTSTANDING && (offer.expiresAt() == null || now.isBefore(offer.expiresAt()));
  }

  /** The state a client sees: an outstanding offer past its expiry is EXPIRED. */
  public String visibleState(Instant now) {
    return state == State.OUTSTANDING && !isOutstanding(now) ? "EXPIRED" : state.name();
  }

  OfferState with(State next) {
    return new OfferState(offer, next);
  }
}

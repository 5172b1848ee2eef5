package org.crisisline.routing.streams;

import org.crisisline.events.Event;
import org.crisisline.routing.market.RequestState;
import org.crisisline.routing.market.ResponderView;

/**
 * Value of the internal {@code <application.id>-markets} topic, keyed by region: everything a market
 * needs, re-keyed there. Exactly one of {@code event} (a request, cancellation, answer,
 * delivery failure or directory service), {@code responder} or {@code transfer} (a request
 * rolled over from another market) is set. {@code removed} marks a directory service leaving
 * this region.
 */
public record MarketMessage(Event event, ResponderView responder, RequestState transfer, boolean removed) {
  public static MarketMessage of(Event e) {
    return new MarketMessage(e, null, null, false);
  }

  public static MarketMessage removedService(Event service) {
    return new MarketMessage(service, null, null, true);
  }

  public static MarketMessage of(ResponderView v) {
    return new MarketMessage(null, v, null, false);
  }

  public static MarketMessage transfer(RequestState s) {
    return new MarketMessage(null, null, s, false);
  }
}

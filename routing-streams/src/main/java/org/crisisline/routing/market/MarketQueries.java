package org.crisisline.routing.market;

import java.util.Collection;
import java.util.function.Function;
import org.crisisline.events.HelpRequestLogged;

/** Read-only views of an engine's markets: for tests, invariant checks and the benchmark. */
public final class MarketQueries {
  private final RoutingPolicy policy;
  private final Function<String, Market> markets;

  MarketQueries(RoutingPolicy policy, Function<String, Market> markets) {
    this.policy = policy;
    this.markets = markets;
  }

  public Collection<RequestState> requests(String region) {
    return markets.apply(region).requests.values();
  }

  public Collection<ResponderState> responders(String region) {
    return markets.apply(region).responders.values();
  }

  public Collection<ServiceState> services(String region) {
    return markets.apply(region).services.values();
  }

  /**
   * Read-only: the waiting request this responder would be offered next if they had room
   * (capacity and status ignored), or null. For diagnostics and the benchmark.
   */
  public String peekBestRequestFor(String region, String responderId) {
    Market m = markets.apply(region);
    ResponderState r = m.responders.get(responderId);
    if (r == null || r.profile == null) {
      return null;
    }
    return m.waiting.bestFor(r.pool(), r.languages(), r.specialties(),
        reqId -> m.requests.get(reqId).excluded.contains(responderId));
  }

  /** Read-only: the responder a new request would be offered to now, or null. */
  public String peekBestResponderFor(HelpRequestLogged r) {
    Market m = markets.apply(r.region());
    RequestState s = new RequestState(r, m.region, policy.poolFor(r.urgency(), r.need()), r.occurredAt().toEpochMilli());
    ResponderState best = m.bestResponderFor(s);
    return best == null ? null : best.responderId;
  }
}

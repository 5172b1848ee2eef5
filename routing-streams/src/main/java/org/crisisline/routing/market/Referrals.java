package org.crisisline.routing.market;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.OfferMade;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.RequestStatus;
import org.crisisline.routing.rules.ReferralEligibility;

/**
 * Referrals: a request of the {@code DIRECTORY} pool is referred to a directory service instead
 * of offered to a responder. It goes to the {@link ReferralEligibility eligible} service with most
 * places left (spreads load), then by id; REFERRED is terminal. With none eligible it waits and
 * is retried when a service changes and periodically (services open and close by schedule).
 * Directories are small per market (tens to hundreds), so choosing scans the market's services.
 */
final class Referrals {
  private final RoutingPolicy policy;
  private final Lifecycle lifecycle;

  Referrals(RoutingPolicy policy, Lifecycle lifecycle) {
    this.policy = policy;
    this.lifecycle = lifecycle;
  }

  /** Refer a waiting request now, or leave it waiting. */
  void place(Outcome out, Market m, RequestState s, Instant now) {
    Optional<ServiceState> svc = best(m.services.values(), s.request, now);
    if (svc.isPresent()) {
      refer(out, m, s, svc.get(), now);
    } else {
      m.refile(s);
    }
  }

  static Optional<ServiceState> best(Collection<ServiceState> services, HelpRequestLogged r, Instant now) {
    return services.stream()
        .filter(s -> ReferralEligibility.eligible(s.service, s.placesLeft(), r, now))
        .min(Comparator.comparingInt(ServiceState::placesLeft).reversed()
            .thenComparing(s -> s.service.serviceId()));
  }

  void refer(Outcome out, Market m, RequestState s, ServiceState svc, Instant now) {
    m.waiting.remove(s.requestId);
    svc.referredSinceUpdate++;
    out.changed(svc);
    s.attempts++;
    s.servedBy = svc.service.serviceId();
    var q = s.request;
    String offerId = Ids.newId();
    out.emit(new OfferMade(Ids.newId(), now, s.requestId, offerId, Ids.offerCode(), null, s.servedBy,
        s.attempts, Instant.ofEpochMilli(s.loggedAt + policy.ttl(s.urgency()).toMillis()), q.urgency(),
        q.need(), q.referralKind(), q.language(), m.region));
    s.status = RequestStatus.REFERRED;
    lifecycle.emitStatus(out, s, RequestStatus.REFERRED, "referred to " + svc.service.name(), offerId, null, s.servedBy,
        m.region, now);
    out.schedule(new Timer(now.plus(policy.retainTerminal()).toEpochMilli(), Timer.Kind.PURGE, m.region,
        s.requestId, "terminal"));
  }

  /** Try waiting referrals (of the given kinds, or all) against the market's directory. */
  void retry(Outcome out, Market m, List<String> kinds, Instant now) {
    List<String> all = kinds != null ? kinds : Arrays.stream(ReferralKind.values()).map(Enum::name).toList();
    for (String kind : all) {
      for (WaitingIndex.Entry e : new ArrayList<>(m.waiting.referrals(kind))) {
        RequestState s = m.requests.get(e.requestId());
        best(m.services.values(), s.request, now).ifPresent(svc -> refer(out, m, s, svc, now));
      }
    }
  }
}

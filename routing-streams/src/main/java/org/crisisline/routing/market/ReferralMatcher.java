package org.crisisline.routing.market;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.routing.rules.ReferralEligibility;

/**
 * The directory service a referral goes to: among those {@link ReferralEligibility eligible}, the
 * one with most places left (spreads load), then by id. Directories are small per market (tens to
 * hundreds), so this scans the market's services.
 */
final class ReferralMatcher {
  private ReferralMatcher() {}

  static Optional<ServiceState> best(Collection<ServiceState> services, HelpRequestLogged r, Instant now) {
    return services.stream()
        .filter(s -> ReferralEligibility.eligible(s.service, s.placesLeft(), r, now))
        .min(Comparator.comparingInt(ServiceState::placesLeft).reversed()
            .thenComparing(s -> s.service.serviceId()));
  }
}

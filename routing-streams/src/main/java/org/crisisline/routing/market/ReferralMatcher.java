package org.crisisline.routing.market;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.LocalService;
import org.crisisline.events.ServiceStatus;

/**
 * Directory matching for referrals: a service is eligible when it is ACTIVE, offers the
 * referral kind, covers the caller's region or postal prefix, takes the caller's whole age band
 * (an age group is accepted only if the band lies inside the service's min/max age), speaks
 * their language, is open now by its weekly schedule in its own time zone, and has places left.
 * Among the eligible, the one with most places left wins (spreads load), then by id.
 * Directories are small per market (tens to hundreds), so this scans the market's services.
 */
final class ReferralMatcher {
  private ReferralMatcher() {}

  static Optional<ServiceState> best(Collection<ServiceState> services, HelpRequestLogged r, Instant now) {
    return services.stream()
        .filter(s -> eligible(s, r, now))
        .min(Comparator.comparingInt(ServiceState::placesLeft).reversed()
            .thenComparing(s -> s.service.serviceId()));
  }

  static boolean eligible(ServiceState s, HelpRequestLogged r, Instant now) {
    LocalService svc = s.service;
    return svc.status() == ServiceStatus.ACTIVE
        && svc.kinds().contains(r.referralKind())
        && covers(svc, r)
        && takesAge(svc, r.ageGroup())
        && svc.languages().stream().anyMatch(l -> Market.normalise(l).equals(Market.normalise(r.language())))
        && isOpen(svc, now)
        && s.placesLeft() > 0;
  }

  static boolean covers(LocalService svc, HelpRequestLogged r) {
    LocalService.ServiceArea area = svc.serviceArea();
    if (area == null) {
      return false;
    }
    if (area.regions().stream().anyMatch(x -> x.equalsIgnoreCase(r.region()))) {
      return true;
    }
    String postal = r.postalCode() == null ? "" : r.postalCode().replace(" ", "").toUpperCase();
    return !postal.isEmpty()
        && area.postalPrefixes().stream().anyMatch(p -> postal.startsWith(p.replace(" ", "").toUpperCase()));
  }

  static boolean takesAge(LocalService svc, AgeGroup group) {
    LocalService.Eligibility e = svc.eligibility();
    if (e == null || group == null) {
      // Unknown age: only a service with no age limits is safe.
      return e == null || (e.minAge() == null && e.maxAge() == null);
    }
    return (e.minAge() == null || e.minAge() <= group.minAge())
        && (e.maxAge() == null || e.maxAge() >= group.maxAge());
  }

  /** Open now by its weekly schedule; windows may run past midnight (closes before opens). */
  static boolean isOpen(LocalService svc, Instant now) {
    ZoneId zone;
    try {
      zone = ZoneId.of(svc.timeZone() == null ? "UTC" : svc.timeZone());
    } catch (DateTimeException e) {
      return false;
    }
    ZonedDateTime local = now.atZone(zone);
    LocalTime t = local.toLocalTime();
    for (LocalService.OpeningHours h : svc.schedule()) {
      if (h.opens() == null || h.closes() == null || h.day() == null) {
        continue;
      }
      boolean overnight = !h.closes().isAfter(h.opens());
      if (h.day() == local.getDayOfWeek()) {
        if (overnight ? !t.isBefore(h.opens()) : !t.isBefore(h.opens()) && t.isBefore(h.closes())) {
          return true;
        }
      }
      // The after-midnight part of yesterday's overnight window.
      if (overnight && h.day() == local.getDayOfWeek().minus(1) && t.isBefore(h.closes())) {
        return true;
      }
    }
    return false;
  }
}

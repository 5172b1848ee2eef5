package org.crisisline.routing.rules;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.LocalService;
import org.crisisline.events.ServiceHours;
import org.crisisline.events.ServiceStatus;

/**
 * Which directory services may take a referral. A service is eligible when it is ACTIVE, offers
 * the referral kind, covers the caller's region or postal prefix, takes the caller's whole age
 * band, speaks their language, is open now by its weekly schedule in its own time zone, and has
 * places left. Among the eligible, the caller is referred to the one with most places left
 * ({@code Referrals}).
 */
public final class ReferralEligibility {
  private ReferralEligibility() {}

  /** @param placesLeft places the service reported, less the referrals made since */
  public static boolean eligible(LocalService svc, int placesLeft, HelpRequestLogged r, Instant now) {
    return whyNot(svc, placesLeft, r, now).isEmpty();
  }

  /**
   * Why the service may not take this referral now (the first rule it fails, in the order of the
   * class comment), or empty when it may. Codes and names only: it is shown to staff as a reason.
   */
  public static Optional<String> whyNot(LocalService svc, int placesLeft, HelpRequestLogged r, Instant now) {
    if (svc.status() != ServiceStatus.ACTIVE) {
      return Optional.of("it is " + svc.status());
    } else if (!svc.kinds().contains(r.referralKind())) {
      return Optional.of("it does not offer " + r.referralKind());
    } else if (!covers(svc, r.region(), r.postalCode())) {
      return Optional.of("it does not cover region " + r.region() + " or the caller's postal code");
    } else if (!takesAge(svc, r.ageGroup())) {
      return Optional.of("it does not take age group " + r.ageGroup());
    } else if (svc.languages().stream().noneMatch(l -> Eligibility.normalise(l).equals(Eligibility.normalise(r.language())))) {
      return Optional.of("it does not speak " + r.language());
    } else if (!isOpen(svc, now)) {
      return Optional.of("it is closed now");
    } else if (placesLeft <= 0) {
      return Optional.of("it has no places left");
    }
    return Optional.empty();
  }

  /**
   * Covers one of its regions (case-blind), or the postal code starts with one of its postal
   * prefixes (spaces and case ignored on both sides). No service area: covers nothing.
   */
  public static boolean covers(LocalService svc, String region, String postalCode) {
    LocalService.ServiceArea area = svc.serviceArea();
    if (area == null) {
      return false;
    }
    if (region != null && area.regions().stream().anyMatch(x -> x.equalsIgnoreCase(region))) {
      return true;
    }
    String postal = compact(postalCode);
    return !postal.isEmpty() && area.postalPrefixes().stream().anyMatch(p -> postal.startsWith(compact(p)));
  }

  /**
   * Takes the caller's whole age band: the band lies inside the service's min/max age. An unknown
   * age is safe only with a service that has no age limits.
   */
  public static boolean takesAge(LocalService svc, AgeGroup group) {
    LocalService.Eligibility e = svc.eligibility();
    if (e == null || group == null) {
      return e == null || (e.minAge() == null && e.maxAge() == null);
    }
    return (e.minAge() == null || e.minAge() <= group.minAge())
        && (e.maxAge() == null || e.maxAge() >= group.maxAge());
  }

  /**
   * Open now by its weekly schedule in its own time zone ({@link ServiceHours}, the reading
   * intake's directory search shows too): a window whose closing time is not after its opening
   * time runs past midnight into the next day; an unknown zone is closed rather than a guess.
   */
  public static boolean isOpen(LocalService svc, Instant now) {
    return ServiceHours.isOpen(svc, now);
  }

  private static String compact(String s) {
    return s == null ? "" : s.replace(" ", "").toUpperCase(Locale.ROOT);
  }
}

package org.crisisline.routing.rules;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.crisisline.events.ResponderStatus;

/**
 * Who may be offered a request: a responder of the request's pool, who speaks its language, has
 * one of its still-required specialties (none required: anyone), has not refused or missed it
 * before, and can take an offer now (active profile, AVAILABLE, load below capacity; load counts
 * accepted and pending offers, so accepting every outstanding offer stays within capacity).
 * Languages compare trimmed and case-blind.
 *
 * <p>The matching indexes ({@code AvailabilityIndex}, {@code WaitingIndex}) are fast
 * implementations of this rule; the invariant test checks them against {@link #eligible}.
 */
public final class Eligibility {
  private Eligibility() {}

  /** A language or other free-text key as compared: trimmed, lower case, "" for none. */
  public static String normalise(String s) {
    return s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
  }

  public static boolean speaks(Collection<String> responderLanguages, String requestLanguage) {
    String wanted = normalise(requestLanguage);
    return responderLanguages.stream().anyMatch(l -> normalise(l).equals(wanted));
  }

  /** No specialty required, or the responder has one of those required. */
  public static boolean hasSpecialty(Collection<String> responderSpecialties, List<String> required) {
    return required.isEmpty() || responderSpecialties.stream().anyMatch(
        s -> required.stream().anyMatch(r -> r.equalsIgnoreCase(s)));
  }

  public static boolean hasRoom(int load, int capacity) {
    return load < capacity;
  }

  /** Free to take one more offer now, whatever the request. */
  public static boolean canTakeOffer(boolean activeProfile, ResponderStatus status, int load, int capacity) {
    return activeProfile && status == ResponderStatus.AVAILABLE && hasRoom(load, capacity);
  }

  /** The whole rule, for one responder and one request. */
  public static boolean eligible(boolean canTakeOffer, String responderPool, Collection<String> languages,
      Collection<String> specialties, boolean excludedByRequest, String requestPool, String requestLanguage,
      List<String> requiredSpecialties) {
    return canTakeOffer && requestPool.equals(responderPool) && speaks(languages, requestLanguage)
        && hasSpecialty(specialties, requiredSpecialties) && !excludedByRequest;
  }
}

package org.crisisline.intake.directory;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crisisline.events.LocalService;
import org.crisisline.events.ServiceStatus;

/**
 * How one service stands against a query: the hard filters (active, kind, text, age) decide
 * whether it may be shown at all; the soft ones (area, language, open now, capacity) are met or
 * relaxed, and rank it. Eligibility reads as routing reads it: a region matches case-blind, a postal
 * code by a prefix of the service (spaces and case ignored), an age band only if the service takes
 * all of it, a language case-blind.
 */
public final class ServiceMatch {
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");

  private ServiceMatch() {}

  /** The hard filters other than text and kind, which the index has applied already. */
  public static boolean admissible(LocalService svc, DirectoryQuery q) {
    return svc.status() == ServiceStatus.ACTIVE && (!q.hasAge() || takesAge(svc.eligibility(), q.minAge(), q.maxAge()));
  }

  /** Takes every age from min to max; a service without limits takes anyone. */
  public static boolean takesAge(LocalService.Eligibility e, int min, int max) {
    return e == null || ((e.minAge() == null || e.minAge() <= min) && (e.maxAge() == null || e.maxAge() >= max));
  }

  public static boolean covers(LocalService svc, String region, String postalCode) {
    LocalService.ServiceArea area = svc.serviceArea();
    if (area == null) {
      return false;
    }
    if (region != null && area.regions().stream().anyMatch(r -> r.equalsIgnoreCase(region))) {
      return true;
    }
    String postal = compact(postalCode);
    return !postal.isEmpty() && area.postalPrefixes().stream().anyMatch(p -> postal.startsWith(compact(p)));
  }

  public static boolean speaks(LocalService svc, String language) {
    return svc.languages().stream().anyMatch(l -> l.strip().equalsIgnoreCase(language));
  }

  /** Upper case without spaces: how postal codes and prefixes are compared. */
  public static String compact(String s) {
    return s == null ? "" : s.replace(" ", "").toUpperCase(Locale.ROOT);
  }

  /**
   * The service judged against an admissible query.
   *
   * @param localTimes the instant of the search in each zone seen so far (filled as needed), so
   *     10,000 services convert the clock once per zone, not once each
   */
  public static DirectoryHit judge(LocalService svc, DirectoryQuery q, Instant now, Map<String, ZonedDateTime> localTimes) {
    ZoneId zone = ServiceHours.zoneOf(svc);
    ZonedDateTime local = zone == null ? null : localTimes.computeIfAbsent(zone.getId(), z -> now.atZone(zone));
    boolean open = local != null && ServiceHours.isOpen(svc.schedule(), local);
    Instant next = open || local == null ? null : ServiceHours.nextOpen(svc.schedule(), local);
    List<String> met = new ArrayList<>();
    List<String> relaxed = new ArrayList<>();
    List<String> said = new ArrayList<>();
    List<String> relaxedSaid = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (q.q() != null) {
      met.add("q");
    }
    if (!q.kinds().isEmpty()) {
      met.add("kind");
    }
    if (q.hasAge()) {
      met.add("age");
      said.add("takes the caller's age");
    }
    if (q.hasArea()) {
      String name = q.region() != null ? "region" : "postalCode";
      if (covers(svc, q.region(), q.postalCode())) {
        met.add(name);
        said.add("serves " + (q.region() != null ? q.region() : "that postal code"));
      } else {
        relaxed.add(name);
        relaxedSaid.add("serves " + String.join(", ", svc.serviceArea() == null ? List.of() : svc.serviceArea().regions())
            + " only");
      }
    }
    if (q.language() != null) {
      if (speaks(svc, q.language())) {
        met.add("language");
        said.add("speaks " + q.language());
      } else {
        relaxed.add("language");
        relaxedSaid.add("no " + q.language() + " (speaks " + String.join(", ", svc.languages()) + ")");
      }
    }
    String hours = open ? "open now" : next == null ? "closed, no opening hours" : "closed, opens "
        + opening(next, local.getZone());
    judged(q.openNow(), open, "openNow", hours, met, relaxed, said, relaxedSaid, notes);
    int places = svc.capacity() == null ? 0 : svc.capacity().available();
    String room = places > 0 ? places + " place" + (places == 1 ? "" : "s") + " free" : "no places free";
    judged(q.hasCapacity(), places > 0, "hasCapacity", room, met, relaxed, said, relaxedSaid, notes);
    String why = "Meets: " + (said.isEmpty() ? "the search" : String.join("; ", said)) + "."
        + (relaxedSaid.isEmpty() ? "" : " Relaxed: " + String.join("; ", relaxedSaid) + ".")
        + (notes.isEmpty() ? "" : " Note: " + String.join("; ", notes) + ".");
    return new DirectoryHit(svc, open, next, met, relaxed, why);
  }

  /** A filter that is always reported: met or relaxed when asked, else said as a plus or noted as a minus. */
  private static void judged(boolean asked, boolean ok, String name, String words, List<String> met,
      List<String> relaxed, List<String> said, List<String> relaxedSaid, List<String> notes) {
    if (asked) {
      (ok ? met : relaxed).add(name);
    }
    (ok ? said : asked ? relaxedSaid : notes).add(words);
  }

  private static String opening(Instant at, ZoneId zone) {
    ZonedDateTime t = at.atZone(zone);
    DayOfWeek d = t.getDayOfWeek();
    return d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + HOUR.format(t) + " "
        + t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
  }
}

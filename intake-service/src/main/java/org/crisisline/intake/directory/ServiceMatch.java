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
import org.crisisline.events.ServiceHours;
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
    return coversCompact(svc, region, compact(postalCode));
  }

  /** As {@link #covers}, with the postal code already compacted (once per search, not per service). */
  static boolean coversCompact(LocalService svc, String region, String postal) {
    LocalService.ServiceArea area = svc.serviceArea();
    if (area == null) {
      return false;
    }
    if (region != null) {
      for (String r : area.regions()) {
        if (r.equalsIgnoreCase(region)) {
          return true;
        }
      }
    }
    if (!postal.isEmpty()) {
      for (String p : area.postalPrefixes()) {
        String prefix = compact(p);
        if (!prefix.isEmpty() && postal.startsWith(prefix)) {
          return true;
        }
      }
    }
    return false;
  }

  public static boolean speaks(LocalService svc, String language) {
    for (String l : svc.languages()) {
      if (l.strip().equalsIgnoreCase(language)) {
        return true;
      }
    }
    return false;
  }

  /** Upper case without spaces: how postal codes and prefixes are compared. */
  public static String compact(String s) {
    return s == null ? "" : s.replace(" ", "").toUpperCase(Locale.ROOT);
  }

  /**
   * Where a service stands against a query: enough to rank it, cheap enough to work out for
   * thousands. {@code rank} orders by how many asked filters it relaxed, then open now, places
   * free, language, area (lower is better); {@link #explain} words it for the few that are listed.
   */
  public record Standing(LocalService service, ZonedDateTime local, boolean open, boolean inArea, boolean speaks,
      int places, int relaxed, int rank) {}

  /**
   * The service assessed against an admissible query.
   *
   * @param compactPostal the query's postal code compacted once ({@link DirectoryQuery#compactPostalCode()})
   * @param localTimes the instant of the search in each time zone seen so far (filled as needed,
   *     null for a zone Java does not know), so 10,000 services convert the clock once per zone
   */
  public static Standing assess(LocalService svc, DirectoryQuery q, String compactPostal, Instant now,
      Map<String, ZonedDateTime> localTimes) {
    String tz = svc.timeZone() == null ? "UTC" : svc.timeZone();
    ZonedDateTime local;
    if (localTimes.containsKey(tz)) {
      local = localTimes.get(tz);
    } else {
      ZoneId zone = ServiceHours.zoneOf(svc);
      local = zone == null ? null : now.atZone(zone);
      localTimes.put(tz, local);
    }
    boolean open = local != null && ServiceHours.isOpen(svc.schedule(), local);
    boolean inArea = !q.hasArea() || coversCompact(svc, q.region(), compactPostal);
    boolean speaks = q.language() == null || speaks(svc, q.language());
    int places = svc.capacity() == null ? 0 : Math.max(0, svc.capacity().available());
    int relaxed = (inArea ? 0 : 1) + (speaks ? 0 : 1) + (q.openNow() && !open ? 1 : 0)
        + (q.hasCapacity() && places == 0 ? 1 : 0);
    int rank = relaxed * 16 + (open ? 0 : 8) + (places > 0 ? 0 : 4) + (speaks ? 0 : 2) + (inArea ? 0 : 1);
    return new Standing(svc, local, open, inArea, speaks, places, relaxed, rank);
  }

  /** The listed result: which asked filters it met and relaxed, when it next opens, and why in words. */
  public static DirectoryHit explain(Standing st, DirectoryQuery q) {
    LocalService svc = st.service();
    boolean open = st.open();
    Instant next = open || st.local() == null ? null : ServiceHours.nextOpen(svc.schedule(), st.local());
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
      if (st.inArea()) {
        met.add(name);
        said.add("serves " + (q.region() != null ? q.region() : "that postal code"));
      } else {
        relaxed.add(name);
        List<String> area = new ArrayList<>();
        if (svc.serviceArea() != null) {
          area.addAll(svc.serviceArea().regions());
          svc.serviceArea().postalPrefixes().forEach(p -> area.add("postal codes " + p + "…"));
        }
        relaxedSaid.add(area.isEmpty() ? "no service area given" : "serves " + String.join(", ", area) + " only");
      }
    }
    if (q.language() != null) {
      if (st.speaks()) {
        met.add("language");
        said.add("speaks " + q.language());
      } else {
        relaxed.add("language");
        relaxedSaid.add("no " + q.language() + " (speaks " + String.join(", ", svc.languages()) + ")");
      }
    }
    String hours = open ? "open now" : next == null ? "closed, no opening hours" : "closed, opens "
        + opening(next, st.local().getZone());
    judged(q.openNow(), open, "openNow", hours, met, relaxed, said, relaxedSaid, notes);
    int places = st.places();
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

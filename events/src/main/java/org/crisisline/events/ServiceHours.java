package org.crisisline.events;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Whether a service is open at an instant by its weekly schedule in its own time zone, and when it
 * next opens. Routing's referral rule and intake's directory search both read schedules here, so
 * search shows what routing will do: no time zone is UTC, one Java does not know is closed
 * rather than a guess, and a window whose closing time is not after its opening time runs past
 * midnight into the next day (Friday 22:00-06:00 is open Saturday 05:59; 00:00-00:00 is all day).
 */
public final class ServiceHours {
  private ServiceHours() {}

  /** The service's zone, or null when it names one Java does not know (then it is never open). */
  public static ZoneId zoneOf(LocalService svc) {
    try {
      return ZoneId.of(svc.timeZone() == null ? "UTC" : svc.timeZone());
    } catch (DateTimeException e) {
      return null;
    }
  }

  public static boolean isOpen(LocalService svc, Instant now) {
    ZoneId zone = zoneOf(svc);
    return zone != null && isOpen(svc.schedule(), now.atZone(zone));
  }

  /** Open at {@code local}, the instant already in the service's zone (search converts once per zone). */
  public static boolean isOpen(List<LocalService.OpeningHours> schedule, ZonedDateTime local) {
    LocalTime t = local.toLocalTime();
    for (LocalService.OpeningHours h : schedule) {
      if (h.opens() == null || h.closes() == null || h.day() == null) {
        continue;
      }
      boolean overnight = !h.closes().isAfter(h.opens());
      if (h.day() == local.getDayOfWeek()
          && !t.isBefore(h.opens()) && (overnight || t.isBefore(h.closes()))) {
        return true;
      }
      // The after-midnight part of yesterday's overnight window.
      if (overnight && h.day() == local.getDayOfWeek().minus(1) && t.isBefore(h.closes())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first opening strictly after {@code local} within the coming week, or null when the
   * schedule has none (or the zone is unknown). Openings are placed in the service's zone, so a
   * window on a daylight-saving day opens at the local wall time of that day.
   */
  public static Instant nextOpen(List<LocalService.OpeningHours> schedule, ZonedDateTime local) {
    Instant now = local.toInstant();
    Instant best = null;
    LocalDate today = local.toLocalDate();
    for (int d = 0; d <= 7; d++) {
      LocalDate date = today.plusDays(d);
      for (LocalService.OpeningHours h : schedule) {
        if (h.opens() == null || h.closes() == null || h.day() != date.getDayOfWeek()) {
          continue;
        }
        Instant opens = ZonedDateTime.of(date, h.opens(), local.getZone()).toInstant();
        if (opens.isAfter(now) && (best == null || opens.isBefore(best))) {
          best = opens;
        }
      }
      if (best != null) {
        return best;
      }
    }
    return null;
  }
}

package org.crisisline.events.oncall;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/**
 * The hand-off instants of one rotation: {@code boundary(0)} is the last hand-off at or before
 * the rotation's start, {@code boundary(k)} the k-th after it. Shift k is
 * [boundary(k), boundary(k+1)), clipped to start for k = 0.
 *
 * <p>DAILY and WEEKLY count calendar days in the zone, so a 09:00 hand-off stays at 09:00 local
 * across DST and a 23- or 25-hour day still has one hand-off. A hand-off time that falls in a
 * spring-forward gap happens at the first instant after it (02:30 becomes 03:30); one in a
 * fall-back overlap happens at its first occurrence. HOURLY counts elapsed hours.
 */
final class Handoffs {
  private final Rotation rotation;
  private final ZoneId zone;
  private final Instant base;
  private final LocalDate baseDate;
  private final long stepDays;
  private final long stepSeconds;

  Handoffs(Rotation rotation, ZoneId zone) {
    this.rotation = rotation;
    this.zone = zone;
    Instant start = rotation.start();
    ZonedDateTime local = start.atZone(zone);
    if (rotation.handoff() == Handoff.HOURLY) {
      stepDays = 0;
      stepSeconds = rotation.shiftLength() * 3600L;
      baseDate = null;
      ZonedDateTime candidate = local.withMinute(rotation.handoffTime().getMinute())
          .withSecond(rotation.handoffTime().getSecond()).withNano(rotation.handoffTime().getNano());
      Instant b = candidate.toInstant();
      while (b.isAfter(start)) {
        b = b.minus(Duration.ofHours(1));
      }
      base = b;
    } else {
      stepSeconds = 0;
      stepDays = rotation.shiftLength() * (rotation.handoff() == Handoff.WEEKLY ? 7L : 1L);
      LocalDate d = local.toLocalDate();
      long back = 1;
      if (rotation.handoff() == Handoff.WEEKLY) {
        d = d.with(TemporalAdjusters.previousOrSame(rotation.handoffDay()));
        back = 7;
      }
      while (at(d).isAfter(start)) {
        d = d.minusDays(back);
      }
      baseDate = d;
      base = at(d);
    }
  }

  /** The k-th hand-off after the base. */
  Instant boundary(long k) {
    if (baseDate == null) {
      return base.plusSeconds(k * stepSeconds);
    }
    return at(baseDate.plusDays(k * stepDays));
  }

  /** The index of the shift containing {@code t}; {@code t} must not be before the start. */
  long shiftAt(Instant t) {
    long k;
    if (baseDate == null) {
      k = Math.floorDiv(Duration.between(base, t).getSeconds(), stepSeconds);
    } else {
      k = Math.floorDiv(ChronoUnit.DAYS.between(baseDate, t.atZone(zone).toLocalDate()), stepDays);
    }
    // The estimate is off by at most one near a hand-off (local date vs. hand-off time); settle it.
    while (k > 0 && boundary(k).isAfter(t)) {
      k--;
    }
    while (!boundary(k + 1).isAfter(t)) {
      k++;
    }
    return k;
  }

  private Instant at(LocalDate date) {
    return ZonedDateTime.of(date, rotation.handoffTime(), zone).toInstant();
  }
}

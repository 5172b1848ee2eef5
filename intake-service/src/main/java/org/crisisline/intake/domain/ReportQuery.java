package org.crisisline.intake.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.crisisline.records.domain.Interval;

/**
 * The parameters of {@code GET /api/v1/reports/kpis}: {@code from}, {@code to} (an instant, or a
 * date: {@code from} its start, {@code to} its end, UTC; default the last 7 days up to now),
 * {@code interval} ({@code hour} | {@code day}, default {@code day}), {@code region} (one known
 * region, default all), {@code byRegion} (one bucket per region and interval), {@code pool} (one of
 * routing's pools). Refused, naming the field: {@code to} before {@code from}, a range longer than
 * the retention, more than {@value #MAX_BUCKETS} hourly buckets, an unknown interval, region or pool.
 */
public record ReportQuery(Instant from, Instant to, Interval interval, String region, boolean byRegion, String pool) {
  public static final int MAX_BUCKETS = 2400;

  public static ReportQuery parse(Function<String, String> param, Instant now, Duration retention,
      Predicate<String> knownRegion, Set<String> pools) {
    List<FieldError> errors = new ArrayList<>();
    Instant to = instant(param.apply("to"), "to", true, errors);
    to = to == null ? now : to;
    Instant from = instant(param.apply("from"), "from", false, errors);
    from = from == null ? to.minus(Duration.ofDays(7)) : from;
    String i = param.apply("interval");
    Interval interval = i == null ? Interval.DAY : Interval.parse(i);
    if (interval == null) {
      errors.add(new FieldError("interval", "must be hour or day"));
    }
    if (to.isBefore(from)) {
      errors.add(new FieldError("to", "must not be before from"));
    } else if (Duration.between(from, to).compareTo(retention) > 0) {
      errors.add(new FieldError("from", "the range is longer than the retention of " + retention.toDays() + " days"));
    } else if (interval != null && Duration.between(interval.floor(from), interval.ceil(to)).dividedBy(interval.length())
        > MAX_BUCKETS) {
      errors.add(new FieldError("interval", "more than " + MAX_BUCKETS + " buckets: use day or a shorter range"));
    }
    String region = param.apply("region");
    if (region != null && (!region.matches("[a-z0-9][a-z0-9-]{0,39}") || !knownRegion.test(region))) {
      errors.add(new FieldError("region", "must be a known region"));
    }
    String by = param.apply("byRegion");
    if (by != null && !by.equals("true") && !by.equals("false")) {
      errors.add(new FieldError("byRegion", "must be true or false"));
    }
    String pool = param.apply("pool");
    if (pool != null && !pools.contains(pool)) {
      errors.add(new FieldError("pool", "must be one of " + pools.stream().sorted().toList()));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInput(errors);
    }
    return new ReportQuery(from, to, interval, region, "true".equals(by), pool);
  }

  private static Instant instant(String s, String field, boolean endOfDay, List<FieldError> errors) {
    if (s == null) {
      return null;
    }
    try {
      if (s.length() == 10) {
        LocalDate d = LocalDate.parse(s);
        return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(field, "must be a date (2026-11-20) or an instant (2026-11-20T09:00:00Z)"));
      return null;
    }
  }
}

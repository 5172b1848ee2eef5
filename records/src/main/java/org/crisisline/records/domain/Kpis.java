package org.crisisline.records.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.crisisline.events.Urgency;

/**
 * The KPI arithmetic: contacts in, one {@link KpiBucket} per interval (per region when asked) out.
 * Pure: the same contacts give the same numbers, so a replay of the same events reports the same.
 * Buckets cover {@code [interval.floor(from), interval.ceil(to))}, empty ones included (zeros and
 * nulls, so a chart has no gaps); with {@code perRegion} every bucket is repeated for each region
 * that has a contact in the range.
 */
public final class Kpis {
  private final Function<Urgency, Duration> sla;

  /** {@code sla}: the answer target of each urgency (routing's {@code sla.<URGENCY>}). */
  public Kpis(Function<Urgency, Duration> sla) {
    this.sla = sla;
  }

  public List<KpiBucket> compute(List<ContactFacts> contacts, Instant from, Instant to, Interval interval,
      boolean perRegion) {
    Instant first = interval.floor(from);
    Instant last = interval.ceil(to);
    List<ContactFacts> inRange = contacts.stream()
        .filter(c -> c.loggedAt() != null && !c.loggedAt().isBefore(first) && c.loggedAt().isBefore(last))
        .toList();
    List<String> regions = new ArrayList<>();
    if (perRegion) {
      regions.addAll(new TreeSet<>(inRange.stream().map(ContactFacts::region).filter(Objects::nonNull).toList()));
    } else {
      regions.add(null);
    }
    List<KpiBucket> out = new ArrayList<>();
    for (Instant start = first; start.isBefore(last); start = start.plus(interval.length())) {
      Instant end = start.plus(interval.length());
      for (String region : regions) {
        Instant s = start;
        out.add(bucket(start, end, region, inRange.stream()
            .filter(c -> !c.loggedAt().isBefore(s) && c.loggedAt().isBefore(end))
            .filter(c -> region == null || region.equals(c.region()))
            .toList()));
      }
    }
    return out;
  }

  KpiBucket bucket(Instant start, Instant end, String region, List<ContactFacts> cohort) {
    int logged = cohort.size();
    List<Duration> speeds = new ArrayList<>();
    int withinSla = 0;
    int abandoned = 0;
    int expired = 0;
    int rolledOver = 0;
    int escalated = 0;
    int alerted = 0;
    int acknowledged = 0;
    int completed = 0;
    int referred = 0;
    TreeMap<String, Integer> dispositions = new TreeMap<>();
    TreeMap<String, Integer> risks = new TreeMap<>();
    for (ContactFacts c : cohort) {
      Duration speed = c.speedToAnswer();
      if (speed != null) {
        speeds.add(speed);
        if (c.urgency() != null && speed.compareTo(sla.apply(c.urgency())) <= 0) {
          withinSla++;
        }
      }
      abandoned += c.abandoned() ? 1 : 0;
      expired += c.expiredAt() != null ? 1 : 0;
      rolledOver += c.rolledOver() ? 1 : 0;
      escalated += c.escalated() ? 1 : 0;
      alerted += c.alerted() ? 1 : 0;
      acknowledged += c.alertAcknowledged() ? 1 : 0;
      completed += c.completedAt() != null ? 1 : 0;
      referred += c.referredAt() != null ? 1 : 0;
      if (c.disposition() != null) {
        dispositions.merge(c.disposition().name(), 1, Integer::sum);
      }
      if (c.riskLevel() != null) {
        risks.merge(c.riskLevel().name(), 1, Integer::sum);
      }
    }
    return new KpiBucket(start, end, region, logged, speeds.size(), share(speeds.size(), logged), withinSla,
        share(withinSla, logged), SpeedToAnswer.of(speeds), abandoned, expired, rolledOver, escalated, alerted,
        acknowledged, completed, referred, dispositions, risks);
  }

  private static Double share(int part, int whole) {
    return whole == 0 ? null : Math.round(10000.0 * part / whole) / 10000.0;
  }
}

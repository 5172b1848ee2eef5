package org.crisisline.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.crisisline.events.RequestStatus;
import org.crisisline.routing.market.RoutingPolicy;

/**
 * The figures of one run, overall and per urgency and per region. Speed to answer is logged →
 * accepted; a request "waited" when its first offer came after it was logged (no one could take it
 * at once); answered within SLA counts requests accepted within {@code sla.<URGENCY>} of the policy,
 * over every request logged.
 */
record Summary(Figures overall, Map<String, Figures> byUrgency, Map<String, Figures> byRegion) {

  /** The figures of a set of requests; times in seconds. */
  record Figures(int requests, int accepted, double answeredWithinSla, double waitedShare, double meanSpeed,
      double p50Speed, double p90Speed, int abandoned, int expired, int unanswered, int rollovers, int escalations,
      int alerts) {

    /** The JSON form: sorted keys, shares to 4 decimals, seconds to 3. */
    Map<String, Object> json() {
      Map<String, Object> m = new TreeMap<>();
      m.put("requests", requests);
      m.put("accepted", accepted);
      m.put("answeredWithinSla", fixed(answeredWithinSla, 4));
      m.put("waitedShare", fixed(waitedShare, 4));
      Map<String, Object> speed = new TreeMap<>();
      speed.put("mean", fixed(meanSpeed, 3));
      speed.put("p50", fixed(p50Speed, 3));
      speed.put("p90", fixed(p90Speed, 3));
      m.put("speedToAnswer", speed);
      m.put("abandoned", abandoned);
      m.put("expired", expired);
      m.put("unanswered", unanswered);
      m.put("rollovers", rollovers);
      m.put("escalations", escalations);
      m.put("alerts", alerts);
      return m;
    }
  }

  static Summary of(Outcomes outcomes, RoutingPolicy policy) {
    Collection<Outcomes.Request> all = outcomes.requests();
    return new Summary(figures(all, policy), grouped(all, r -> r.urgency.name(), policy),
        grouped(all, r -> r.region, policy));
  }

  private static Map<String, Figures> grouped(Collection<Outcomes.Request> all,
      Function<Outcomes.Request, String> key, RoutingPolicy policy) {
    Map<String, List<Outcomes.Request>> groups = all.stream()
        .collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
    Map<String, Figures> out = new TreeMap<>();
    groups.forEach((k, v) -> out.put(k, figures(v, policy)));
    return out;
  }

  static Figures figures(Collection<Outcomes.Request> rs, RoutingPolicy policy) {
    List<Long> speeds = new ArrayList<>();
    int withinSla = 0;
    int waited = 0;
    int abandoned = 0;
    int expired = 0;
    int unanswered = 0;
    int rollovers = 0;
    int escalations = 0;
    int alerts = 0;
    for (Outcomes.Request r : rs) {
      if (r.accepted()) {
        long speed = r.acceptedAt - r.loggedAt;
        speeds.add(speed);
        if (speed <= policy.sla(r.urgency).toMillis()) {
          withinSla++;
        }
        if (r.firstOfferAt > r.loggedAt) {
          waited++;
        }
      } else if (r.closedAs == RequestStatus.CANCELLED) {
        abandoned++;
      } else if (r.closedAs == RequestStatus.EXPIRED) {
        expired++;
      } else if (r.closedAs == null) {
        unanswered++;
      }
      rollovers += r.rolledOver ? 1 : 0;
      escalations += r.escalations;
      alerts += r.alerts;
    }
    speeds.sort(null);
    double mean = speeds.stream().mapToLong(Long::longValue).average().orElse(0) / 1000.0;
    return new Figures(rs.size(), speeds.size(), share(withinSla, rs.size()), share(waited, speeds.size()), mean,
        percentile(speeds, 0.50) / 1000.0, percentile(speeds, 0.90) / 1000.0, abandoned, expired, unanswered,
        rollovers, escalations, alerts);
  }

  /** Nearest-rank percentile of sorted values; 0 when there are none. */
  static long percentile(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static double share(int part, int whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }

  static BigDecimal fixed(double v, int decimals) {
    return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_EVEN);
  }

  /** The whole summary as sorted JSON maps, with what was run ({@code run}) under "run". */
  Map<String, Object> json(Map<String, Object> run) {
    Map<String, Object> m = new TreeMap<>(overall.json());
    m.put("format", "crisisline-simulation-summary/1");
    m.put("run", new TreeMap<>(run));
    Map<String, Object> u = new TreeMap<>();
    byUrgency.forEach((k, v) -> u.put(k, v.json()));
    m.put("byUrgency", u);
    Map<String, Object> g = new TreeMap<>();
    byRegion.forEach((k, v) -> g.put(k, v.json()));
    m.put("byRegion", g);
    return m;
  }
}

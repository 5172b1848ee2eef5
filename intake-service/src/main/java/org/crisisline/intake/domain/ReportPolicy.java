package org.crisisline.intake.domain;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.crisisline.events.Need;
import org.crisisline.events.Urgency;

/**
 * What the reports take from routing's effective policy (its published settings, or routing's
 * defaults when none is published): the answer target (SLA) of each urgency, {@code sla.<URGENCY>}
 * in seconds, and the pool a contact was for, {@code pool.<NEED>} or {@code pool.imminent} for
 * IMMINENT_RISK. Also the 988-style target share answered, {@link #ANSWER_RATE_TARGET}, drawn as
 * the SLA line of the answer-rate chart.
 */
public final class ReportPolicy {
  /** The 988 Lifeline's in-state answer rate goal. */
  public static final double ANSWER_RATE_TARGET = 0.9;
  private static final Map<Urgency, Long> DEFAULT_SLA =
      Map.of(Urgency.IMMINENT_RISK, 60L, Urgency.HIGH, 300L, Urgency.MODERATE, 900L, Urgency.LOW, 3600L);
  private static final Map<Need, String> DEFAULT_POOL =
      Map.of(Need.CRISIS_COUNSELLING, "HOTLINE_COUNSELLOR", Need.PEER_SUPPORT, "PEER_SPECIALIST", Need.REFERRAL, "DIRECTORY");

  private final Map<Urgency, Duration> sla = new EnumMap<>(Urgency.class);
  private final Map<Need, String> pools = new EnumMap<>(Need.class);
  private final String imminentPool;

  public ReportPolicy(Map<String, String> settings) {
    for (Urgency u : Urgency.values()) {
      long seconds = DEFAULT_SLA.get(u);
      try {
        seconds = Long.parseLong(settings.getOrDefault("sla." + u, String.valueOf(seconds)).trim());
      } catch (NumberFormatException e) {
        // routing validated its policy; a default beats a broken report
      }
      sla.put(u, Duration.ofSeconds(seconds));
    }
    for (Need n : Need.values()) {
      pools.put(n, settings.getOrDefault("pool." + n, DEFAULT_POOL.get(n)));
    }
    imminentPool = settings.getOrDefault("pool.imminent", "HOTLINE_COUNSELLOR");
  }

  public Duration sla(Urgency urgency) {
    return sla.get(urgency);
  }

  public Map<Urgency, Duration> slas() {
    return Map.copyOf(sla);
  }

  /** The pool a contact of this urgency and need was routed to (null need: unknown). */
  public String poolOf(Urgency urgency, Need need) {
    if (urgency == Urgency.IMMINENT_RISK) {
      return imminentPool;
    }
    return need == null ? null : pools.get(need);
  }

  public Set<String> pools() {
    Set<String> all = new LinkedHashSet<>(pools.values());
    all.add(imminentPool);
    return all;
  }
}

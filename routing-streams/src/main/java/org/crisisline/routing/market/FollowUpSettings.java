package org.crisisline.routing.market;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.crisisline.events.Urgency;
import org.crisisline.routing.rules.FollowUpPlan;
import org.crisisline.routing.rules.FollowUpRetry;

/**
 * The caring-contact settings of the routing policy, as the rules that use them:
 * {@code followup.plan.<URGENCY>} (default {@link #DEFAULT_PLAN} for IMMINENT_RISK and HIGH, none for
 * MODERATE and LOW), {@code followup.attempts} (default 3), {@code followup.retry} (default {@code 4h})
 * and {@code followup.message} (default true: the notifier sends the caller a caring message when a
 * follow-up falls due; routing only says so on {@code FollowUpDue}).
 */
public record FollowUpSettings(FollowUpPlan plan, FollowUpRetry retry, boolean caringMessage) {
  /** The plan of IMMINENT_RISK and HIGH: the next day, three days and a week after the end. */
  public static final String DEFAULT_PLAN = "24h,72h,7d";

  public static FollowUpSettings of(RoutingPolicy policy) {
    Map<String, String> p = policy.settings();
    Map<Urgency, List<Duration>> plans = new EnumMap<>(Urgency.class);
    for (Urgency u : Urgency.values()) {
      plans.put(u, FollowUpPlan.parseDelays(p.getOrDefault("followup.plan." + u, "")));
    }
    return new FollowUpSettings(new FollowUpPlan(plans), new FollowUpRetry(
        Integer.parseInt(p.getOrDefault("followup.attempts", "3")),
        FollowUpPlan.parseDelay(p.getOrDefault("followup.retry", "4h"))),
        Boolean.parseBoolean(p.getOrDefault("followup.message", "true").trim()));
  }

  /**
   * How long after its last attempt-1 follow-up fell due a request may still see retries of it: each
   * further attempt waits {@code followup.retry} after the one before was offered, accepted and done.
   * The followed request is kept that long, so a cancellation still finds its follow-ups.
   */
  public Duration retriesWithin(RoutingPolicy policy) {
    Duration one = retry.retry().plus(policy.ttl(Urgency.MODERATE)).plus(policy.acceptedTtl());
    return one.multipliedBy(retry.attempts() - 1L);
  }
}

package org.crisisline.routing.market;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.crisisline.events.Urgency;
import org.crisisline.routing.rules.FollowUpPlan;
import org.crisisline.routing.rules.FollowUpRetry;

/**
 * The caring-contact settings of the routing policy: {@code followup.plan.<URGENCY>}, {@code
 * followup.attempts} (default 3) and {@code followup.retry} (default {@code 4h}), as the rules that
 * use them. Every plan is empty by default (no follow-ups) until intake and the notifier carry
 * their half (the follow-up's details and outcome for the peer specialist, the caring message and
 * STOP); {@link #SUGGESTED_PLAN} is the plan meant for IMMINENT_RISK and HIGH then.
 */
public record FollowUpSettings(FollowUpPlan plan, FollowUpRetry retry) {
  public static final String SUGGESTED_PLAN = "24h,72h,7d";

  public static FollowUpSettings of(RoutingPolicy policy) {
    Map<String, String> p = policy.settings();
    Map<Urgency, List<Duration>> plans = new EnumMap<>(Urgency.class);
    for (Urgency u : Urgency.values()) {
      plans.put(u, FollowUpPlan.parseDelays(p.getOrDefault("followup.plan." + u, "")));
    }
    return new FollowUpSettings(new FollowUpPlan(plans), new FollowUpRetry(
        Integer.parseInt(p.getOrDefault("followup.attempts", "3")),
        FollowUpPlan.parseDelay(p.getOrDefault("followup.retry", "4h"))));
  }
}

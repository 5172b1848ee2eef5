package org.crisisline.intake.view;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.crisisline.events.RoutingPolicyPublished;

/**
 * The routing policies of the compacted {@code routing-policy}, per routing instance (a tombstone
 * removes one). An instance counts as live while its latest publication is younger than
 * {@link #LIVE} (routing re-publishes every minute); its regions are accepted as long as its
 * entry exists, so requests keep being taken while routing restarts.
 */
public final class PolicyView {
  public static final Duration LIVE = Duration.ofMinutes(3);
  private final ConcurrentHashMap<String, RoutingPolicyPublished> byInstance = new ConcurrentHashMap<>();

  public void apply(String instanceId, RoutingPolicyPublished published) {
    if (published == null) {
      byInstance.remove(instanceId);
    } else {
      byInstance.put(instanceId, published);
    }
  }

  /** The live instances' publications, oldest first. */
  public List<RoutingPolicyPublished> live(Instant now) {
    return byInstance.values().stream().filter(p -> p.occurredAt().isAfter(now.minus(LIVE)))
        .sorted(Comparator.comparing(RoutingPolicyPublished::occurredAt)).toList();
  }

  /** The most recent publication of any instance. */
  public Optional<RoutingPolicyPublished> latest() {
    return byInstance.values().stream().max(Comparator.comparing(RoutingPolicyPublished::occurredAt));
  }

  /** Whether a published policy names this region. */
  public boolean hasRegion(String region) {
    for (RoutingPolicyPublished p : byInstance.values()) {
      if (p.regions().contains(region)) {
        return true;
      }
    }
    return false;
  }
}

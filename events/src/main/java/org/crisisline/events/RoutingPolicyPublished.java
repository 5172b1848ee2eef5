package org.crisisline.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Value of the compacted {@code routing-policy}, keyed by routing instance id: the effective
 * routing policy an instance decides by. {@code version} is the content hash stamped on its
 * decisions ({@link RequestStatusChanged#policyVersion()}); {@code regions} the regions it
 * serves, the one source of regions for intake; {@code settings} every effective key and value.
 * Re-published every minute, so a reader counts an entry older than a few minutes as gone.
 */
public record RoutingPolicyPublished(
    String eventId,
    Instant occurredAt,
    String instanceId,
    String version,
    List<String> regions,
    Map<String, String> settings)
    implements Event {

  public RoutingPolicyPublished {
    regions = regions == null ? List.of() : List.copyOf(regions);
    settings = settings == null ? Map.of() : Map.copyOf(settings);
  }
}

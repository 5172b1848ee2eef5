package org.crisisline.intake.http;

import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.crisisline.events.RoutingPolicyPublished;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.view.PolicyView;

/**
 * GET /api/v1/policy (supervisor): the routing policy as the routing instances publish it on
 * {@code routing-policy}: {@code version}, {@code regions} and {@code settings} of the most recent
 * publication, {@code versions} of every live instance and {@code mismatch} when they differ.
 * Before any routing instance published: 200 with {@code version} null and empty lists.
 */
public final class PolicyRoutes implements Routes {
  private final Guard guard;
  private final PolicyView policies;
  private final Clock clock;

  public PolicyRoutes(Guard guard, PolicyView policies, Clock clock) {
    this.guard = guard;
    this.policies = policies;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/v1/policy").handler(guard.roles(Principal.SUPERVISOR))
        .handler(ctx -> Http.json(ctx, 200, body()));
  }

  Map<String, Object> body() {
    List<RoutingPolicyPublished> live = policies.live(clock.instant());
    Optional<RoutingPolicyPublished> latest = policies.latest();
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("version", latest.map(RoutingPolicyPublished::version).orElse(null));
    b.put("versions", live.stream().map(p -> Map.of("instanceId", p.instanceId(), "version", p.version(),
        "publishedAt", p.occurredAt().toString())).toList());
    b.put("mismatch", live.stream().map(RoutingPolicyPublished::version).distinct().count() > 1);
    b.put("regions", latest.map(RoutingPolicyPublished::regions).orElse(List.of()));
    b.put("settings", new TreeMap<>(latest.map(RoutingPolicyPublished::settings).orElse(Map.of())));
    return b;
  }
}

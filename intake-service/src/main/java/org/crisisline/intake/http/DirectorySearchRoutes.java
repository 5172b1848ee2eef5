package org.crisisline.intake.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crisisline.events.LocalService;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.directory.DirectoryHit;
import org.crisisline.intake.directory.DirectoryIndex;
import org.crisisline.intake.directory.DirectoryQuery;
import org.crisisline.intake.domain.InvalidInput;

/**
 * GET /api/v1/directory/search (staff, responders, supervisors: the people
 * on the line and those who oversee them): the directory as people on
 * the line choose from it, answered from intake's in-memory index ({@link DirectoryIndex}). The
 * services' own data only (their intake contact is a work contact, not a caller's), so no audit.
 */
public final class DirectorySearchRoutes implements Routes {
  private final Guard guard;
  private final DirectoryIndex index;
  private final Clock clock;

  public DirectorySearchRoutes(Guard guard, DirectoryIndex index, Clock clock) {
    this.guard = guard;
    this.index = index;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/v1/directory/search")
        .handler(guard.roles(Principal.STAFF, Principal.RESPONDER, Principal.SUPERVISOR))
        .handler(this::search);
  }

  private void search(RoutingContext ctx) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    ctx.queryParams().names().forEach(n -> params.put(n, ctx.queryParams().getAll(n)));
    DirectoryQuery query;
    try {
      query = DirectoryQuery.parse(params);
    } catch (InvalidInput e) {
      Http.invalid(ctx, e);
      return;
    }
    DirectoryIndex.SearchResult found = index.search(query, clock.instant());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("exact", found.exact());
    body.put("results", found.hits().stream().map(DirectorySearchRoutes::result).toList());
    Http.json(ctx, 200, body);
  }

  static Map<String, Object> result(DirectoryHit h) {
    LocalService s = h.service();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("serviceId", s.serviceId());
    m.put("name", s.name());
    m.put("organization", s.organization());
    m.put("kinds", s.kinds());
    m.put("description", s.description());
    m.put("languages", s.languages());
    m.put("area", s.serviceArea() == null ? Map.of("regions", List.of(), "postalPrefixes", List.of()) : s.serviceArea());
    m.put("eligibility", s.eligibility());
    m.put("schedule", s.schedule());
    m.put("timeZone", s.timeZone());
    m.put("openNow", h.openNow());
    m.put("nextOpen", h.nextOpen());
    m.put("capacity", s.capacity() == null ? null : Map.of("available", Math.max(0, s.capacity().available()),
        "maximum", s.capacity().maximum()));
    m.put("capacityUpdatedAt", s.capacity() == null ? null : s.capacity().updatedAt());
    m.put("cost", s.cost());
    m.put("accessibility", s.accessibility());
    m.put("intakeContact", s.intakeContact());
    m.put("why", Map.of("met", h.met(), "relaxed", h.relaxed(), "text", h.why()));
    return m;
  }
}

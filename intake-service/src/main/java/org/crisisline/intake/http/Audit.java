package org.crisisline.intake.http;

import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import org.crisisline.events.AuditEvent;
import org.crisisline.events.Ids;
import org.crisisline.events.Topics;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.kafka.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code audit} (key: resource id, value {@link AuditEvent}): who read or changed which
 * request, responder or directory entry, when, from which address, allowed or denied. Never the
 * content. Fire and forget: an audit write failure is logged, the caller's answer stands.
 */
public final class Audit {
  private static final Logger LOG = LoggerFactory.getLogger(Audit.class);
  private final EventPublisher publisher;
  private final Clock clock;

  public Audit(EventPublisher publisher, Clock clock) {
    this.publisher = publisher;
    this.clock = clock;
  }

  public void ok(RoutingContext ctx, String action, String type, String id) {
    record(ctx, action, type, id, "ok");
  }

  public void denied(RoutingContext ctx, String action, String type, String id) {
    record(ctx, action, type, id, "denied");
  }

  public void record(RoutingContext ctx, String action, String type, String id, String outcome) {
    Principal who = Guard.principal(ctx);
    String actor = who != null ? who.username() : ctx.get("linkActor", "anonymous");
    String role = who != null ? String.join(",", who.roles()) : ctx.get("linkRole", "none");
    String address = ClientAddress.of(ctx);
    AuditEvent event = new AuditEvent(Ids.newId(), clock.instant(), actor, role, action, type, id,
        address, outcome, ctx.get(SecurityHeaders.REQUEST_ID));
    publisher.send(Topics.AUDIT, id == null ? type : id, event).whenComplete((m, e) -> {
      if (e != null) {
        LOG.error("audit write failed for {} {} {}: {}", action, type, id, e.getClass().getSimpleName());
      }
    });
  }
}

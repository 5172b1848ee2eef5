package org.crisisline.intake.http;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
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
 * content. {@link #ok}/{@link #denied} are fire and forget: an audit write failure is logged, the
 * caller's answer stands. Reads of PII and of the trail itself use {@link #required}: the answer
 * waits for the broker's ack, and without it the read is refused.
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
    write(ctx, action, type, id, outcome);
  }

  /**
   * Records an allowed read and completes once it is stored (acks=all), on the caller's Vert.x
   * context; fails, after logging, when it cannot be stored. The caller shows nothing until then.
   */
  public Future<Void> required(RoutingContext ctx, String action, String type, String id) {
    return Future.fromCompletionStage(write(ctx, action, type, id, "ok"), ctx.vertx().getOrCreateContext())
        .mapEmpty();
  }

  /** Like {@link #required}, with how many resources the action touched (never which, nor the content). */
  public Future<Void> requiredCounted(RoutingContext ctx, String action, String type, String id, int count) {
    return Future.fromCompletionStage(write(ctx, action, type, id, "ok", count), ctx.vertx().getOrCreateContext())
        .mapEmpty();
  }

  private CompletableFuture<?> write(RoutingContext ctx, String action, String type, String id, String outcome) {
    return write(ctx, action, type, id, outcome, null);
  }

  private CompletableFuture<?> write(RoutingContext ctx, String action, String type, String id, String outcome,
      Integer count) {
    Principal who = Guard.principal(ctx);
    String actor = who != null ? who.username() : ctx.get("linkActor", "anonymous");
    String role = who != null ? String.join(",", who.roles()) : ctx.get("linkRole", "none");
    String address = ClientAddress.of(ctx);
    AuditEvent event = new AuditEvent(Ids.newId(), clock.instant(), actor, role, action, type, id,
        address, outcome, ctx.get(SecurityHeaders.REQUEST_ID), count);
    return publisher.send(Topics.AUDIT, id == null ? type : id, event).whenComplete((m, e) -> {
      if (e != null) {
        LOG.error("audit write failed for {} {} {}: {}", action, type, id, e.getClass().getSimpleName());
      }
    });
  }
}

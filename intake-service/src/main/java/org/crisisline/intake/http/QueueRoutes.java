package org.crisisline.intake.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.function.Consumer;
import org.crisisline.events.JsonSerde;
import org.crisisline.events.QueueSnapshot;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.StatusKind;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.view.QueueView;
import org.crisisline.intake.view.RequestView;

/**
 * The supervisor's live queue view from {@code queue-snapshots} (compacted, per pool) and the
 * escalation feed from {@code request-status}. GET /api/v1/queues returns the latest snapshot
 * per pool; GET /api/v1/queues/stream is Server-Sent Events: every snapshot as event
 * "snapshot", and ESCALATED/EXPIRED transitions and SLA breaches as event "status". The stream
 * accepts the token as {@code access_token} too, since EventSource cannot send headers.
 */
public final class QueueRoutes implements Routes {
  private static final Set<RequestStatus> FEED = Set.of(RequestStatus.ESCALATED, RequestStatus.EXPIRED);
  private final Guard guard;
  private final QueueView queues;
  private final RequestView requests;

  public QueueRoutes(Guard guard, QueueView queues, RequestView requests) {
    this.guard = guard;
    this.queues = queues;
    this.requests = requests;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/v1/queues").handler(guard.roles(Principal.SUPERVISOR))
        .handler(ctx -> Http.json(ctx, 200, queues.all()));
    router.get("/api/v1/queues/stream").handler(guard.allowQueryToken(Principal.SUPERVISOR)).handler(this::stream);
  }

  private void stream(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store").putHeader("X-Accel-Buffering", "no");
    Context context = ctx.vertx().getOrCreateContext();
    response.write("retry: 3000\n\n");
    queues.all().forEach(q -> send(response, "snapshot", q));
    Consumer<QueueSnapshot> onSnapshot = q -> context.runOnContext(v -> send(response, "snapshot", q));
    Consumer<RequestStatusChanged> onStatus = c -> {
      if (FEED.contains(c.status()) || c.kind() == StatusKind.ESCALATION || c.kind() == StatusKind.ALERT) {
        context.runOnContext(v -> send(response, "status", c));
      }
    };
    queues.onSnapshot(onSnapshot);
    requests.onStatus(onStatus);
    long heartbeat = ctx.vertx().setPeriodic(15_000, id -> {
      if (!response.ended() && !response.closed()) {
        response.write(": keep-alive\n\n");
      }
    });
    // The stream ends when the token does; EventSource then reconnects and meets a 401.
    Principal who = Guard.principal(ctx);
    long expiry = who.expiresAt() == null ? -1 : ctx.vertx().setTimer(
        Math.max(1, who.expiresAt().toEpochMilli() - System.currentTimeMillis()), id -> response.end());
    response.closeHandler(v -> {
      queues.removeListener(onSnapshot);
      requests.removeStatusListener(onStatus);
      ctx.vertx().cancelTimer(heartbeat);
      ctx.vertx().cancelTimer(expiry);
    });
    response.endHandler(v -> {
      queues.removeListener(onSnapshot);
      requests.removeStatusListener(onStatus);
      ctx.vertx().cancelTimer(heartbeat);
    });
  }

  private static void send(HttpServerResponse response, String event, Object data) {
    if (response.ended() || response.closed()) {
      return;
    }
    try {
      response.write("event: " + event + "\ndata: " + JsonSerde.MAPPER.writeValueAsString(data) + "\n\n");
    } catch (JsonProcessingException e) {
      // A snapshot that cannot be encoded is skipped; the next one supersedes it.
    }
  }
}

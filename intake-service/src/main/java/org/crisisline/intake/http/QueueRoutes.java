package org.crisisline.intake.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.crisisline.events.JsonSerde;
import org.crisisline.events.QueueSnapshot;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.Ids;
import org.crisisline.events.SessionRevoked;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Topics;
import org.crisisline.intake.auth.StreamTickets;
import org.crisisline.intake.kafka.EventPublisher;
import org.crisisline.intake.view.SessionRevocations;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.view.AlertRecord;
import org.crisisline.intake.view.AlertView;
import org.crisisline.intake.view.QueueView;
import org.crisisline.intake.view.RequestView;

/**
 * The supervisor's live queue view from {@code queue-snapshots} (compacted, per pool) and the
 * escalation feed from {@code request-status}. GET /api/v1/queues returns the latest snapshot
 * per pool; GET /api/v1/queues/stream is Server-Sent Events: every snapshot as event
 * "snapshot", ESCALATED/EXPIRED transitions and SLA breaches as event "status", and every change
 * of an alert (raised, a step, a page and how it was delivered, acknowledged, resolved) as event
 * "alert" (the alert as GET /api/v1/alerts shows it).
 *
 * <p>EventSource cannot send headers, and a session token never goes in a URL: the page first
 * asks POST /api/v1/queues/stream-ticket (bearer, supervisor) for a ticket that lives 60 s and
 * opens one stream ({@code ?ticket=}). A redeemed ticket's id goes to {@code session-revocations}
 * (key {@code ticket:<id>}) so no intake instance accepts it again. API clients may still send
 * the bearer header; {@code access_token} in the query is refused (400).
 */
public final class QueueRoutes implements Routes {
  private static final Set<RequestStatus> FEED = Set.of(RequestStatus.ESCALATED, RequestStatus.EXPIRED);
  private final Guard guard;
  private final QueueView queues;
  private final RequestView requests;
  private final AlertView alerts;
  private final AlertJson alertJson;
  private final StreamTickets tickets;
  private final SessionRevocations revocations;
  private final EventPublisher publisher;
  private final Clock clock;

  public QueueRoutes(Guard guard, QueueView queues, RequestView requests, AlertView alerts, AlertJson alertJson,
      StreamTickets tickets, SessionRevocations revocations, EventPublisher publisher, Clock clock) {
    this.guard = guard;
    this.queues = queues;
    this.requests = requests;
    this.alerts = alerts;
    this.alertJson = alertJson;
    this.tickets = tickets;
    this.revocations = revocations;
    this.publisher = publisher;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/v1/queues").handler(guard.roles(Principal.SUPERVISOR))
        .handler(ctx -> Http.json(ctx, 200, queues.all()));
    router.post("/api/v1/queues/stream-ticket").handler(guard.roles(Principal.SUPERVISOR))
        .handler(MediaType.json(true)).handler(this::ticket);
    Handler<RoutingContext> bearer = guard.roles(Principal.SUPERVISOR);
    router.get("/api/v1/queues/stream").handler(ctx -> {
      if (ctx.request().getParam("ticket") != null && ctx.request().getHeader("Authorization") == null
          && ctx.request().getParam("access_token") == null) {
        redeem(ctx);
      } else {
        bearer.handle(ctx);
      }
    }).handler(this::stream);
  }

  private void ticket(RoutingContext ctx) {
    StreamTickets.Ticket t = tickets.issue(Guard.principal(ctx), clock.instant());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ticket", t.ticket());
    body.put("expiresAt", t.expiresAt().toString());
    Http.json(ctx, 200, body);
  }

  /** A genuine, unexpired, unused ticket of a session still allowed to act opens the stream, once. */
  private void redeem(RoutingContext ctx) {
    Instant now = clock.instant();
    Optional<StreamTickets.Redeemed> found = tickets.verify(ctx.request().getParam("ticket"), now);
    String usedKey = found.map(r -> "ticket:" + r.ticketId()).orElse(null);
    if (found.isEmpty() || revocations.isRevoked(usedKey, now) || !guard.mayStillAct(found.get().who())) {
      Guard.unauthorized(ctx, "invalid_token");
      return;
    }
    Principal who = found.get().who();
    if (!who.has(Principal.SUPERVISOR)) {
      Http.problem(ctx, 403, "Forbidden", "The live queue is for supervisors.");
      return;
    }
    SessionRevoked used = new SessionRevoked(Ids.newId(), now, usedKey, found.get().expiresAt());
    revocations.apply(usedKey, used);
    // Other instances learn of the use from the topic; a replay racing this write by milliseconds
    // on another instance is the window left.
    publisher.send(Topics.SESSION_REVOCATIONS, usedKey, used);
    ctx.put(Guard.PRINCIPAL, who);
    ctx.next();
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
    Consumer<AlertRecord> onAlert = a -> context.runOnContext(v -> send(response, "alert", alertJson.of(a)));
    queues.onSnapshot(onSnapshot);
    requests.onStatus(onStatus);
    alerts.onChange(onAlert);
    long heartbeat = ctx.vertx().setPeriodic(15_000, id -> {
      if (!response.ended() && !response.closed()) {
        response.write(": keep-alive\n\n");
      }
    });
    // The stream ends when the token does; EventSource then reconnects and meets a 401.
    Principal who = Guard.principal(ctx);
    long expiry = who.expiresAt() == null ? -1 : ctx.vertx().setTimer(
        Math.max(1, who.expiresAt().toEpochMilli() - System.currentTimeMillis()), id -> response.end());
    // And within a second of the session's logout (here or at another instance), as every request would be refused.
    long signedOut = ctx.vertx().setPeriodic(1_000, id -> {
      if (!guard.mayStillAct(who) && !response.ended() && !response.closed()) {
        response.end();
      }
    });
    response.closeHandler(v -> {
      queues.removeListener(onSnapshot);
      requests.removeStatusListener(onStatus);
      alerts.removeListener(onAlert);
      ctx.vertx().cancelTimer(heartbeat);
      ctx.vertx().cancelTimer(expiry);
      ctx.vertx().cancelTimer(signedOut);
    });
    response.endHandler(v -> {
      queues.removeListener(onSnapshot);
      requests.removeStatusListener(onStatus);
      alerts.removeListener(onAlert);
      ctx.vertx().cancelTimer(heartbeat);
      ctx.vertx().cancelTimer(signedOut);
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

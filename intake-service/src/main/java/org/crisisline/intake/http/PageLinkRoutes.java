package org.crisisline.intake.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.crisisline.events.AlertVia;
import org.crisisline.events.OfferLinks;
import org.crisisline.intake.view.AlertRecord;
import org.crisisline.intake.view.AlertView;

/**
 * The signed link in a page ({@code /a/{token}}, signed by the notifier with
 * {@link OfferLinks#forPages}; the token names the pageId). GET only shows the alert — urgency,
 * region, how long the request has waited, its code and state, never caller details — with an
 * Acknowledge button while it is open (link previewers fetch it; it changes nothing). POST
 * acknowledges it, once, as the person who was paged ({@code alert-acks}, via LINK). A forged or
 * expired token is 403, a page intake does not know 404, an alert no longer open (or already
 * being acknowledged) 409. Like the offer links: rate-limited per address, no-store, and the
 * token is never logged (the audit names the alert).
 */
public final class PageLinkRoutes implements Routes {
  private final SignedLinks links;
  private final AlertView alerts;
  private final AlertAcks acks;
  private final Audit audit;
  private final Clock clock;

  /** A verified link's alert and the page it was sent as. */
  private record Found(AlertRecord alert, AlertRecord.Page page) {}

  public PageLinkRoutes(RateLimits limits, String linkSecret, AlertView alerts, AlertAcks acks, Audit audit,
      Clock clock) {
    this.alerts = alerts;
    this.acks = acks;
    this.audit = audit;
    this.clock = clock;
    this.links = new SignedLinks(limits, OfferLinks::forPages, linkSecret, clock);
  }

  @Override
  public void mount(Router router) {
    router.get("/a/:token").handler(this::show);
    router.post("/a/:token").handler(this::acknowledge);
  }

  private Optional<Found> resolve(RoutingContext ctx) {
    Optional<String> verified = links.verify(ctx, (c, expired) -> Html.message(c, 403,
        expired ? "Link expired" : "Link not recognised", expired
            ? "This link has expired. Nothing was changed. Use the SMS reply or the dashboard instead."
            : "This link is not valid. Nothing was changed."));
    if (verified.isEmpty()) {
      return Optional.empty();
    }
    String pageId = verified.get();
    Optional<AlertRecord> alert = alerts.byPage(pageId);
    ctx.put("linkRole", "page-link");
    alert.map(a -> a.page(pageId)).ifPresent(p -> ctx.put("linkActor", p.userId()));
    if (alert.isEmpty() || alert.get().page(pageId) == null) {
      Html.message(ctx, 404, "Alert not found", "This alert is not known (yet). Try again in a moment.");
      return Optional.empty();
    }
    return Optional.of(new Found(alert.get(), alert.get().page(pageId)));
  }

  private void show(RoutingContext ctx) {
    Optional<Found> found = resolve(ctx);
    if (found.isEmpty()) {
      return;
    }
    AlertRecord a = found.get().alert();
    String body = details(a);
    if (a.state() == AlertRecord.State.OPEN) {
      body += "<form method=\"post\" action=\"/a/" + Html.escape(ctx.pathParam("token")) + "\">"
          + "<button type=\"submit\">Acknowledge</button></form>"
          + "<p class=\"small\">Acknowledging stops the paging and tells the others you have it.</p>";
    }
    audit.ok(ctx, "alert.link.view", "alert", a.alertId());
    Html.send(ctx, 200, "Alert " + a.code(), body);
  }

  private void acknowledge(RoutingContext ctx) {
    Optional<Found> found = resolve(ctx);
    if (found.isEmpty()) {
      return;
    }
    AlertRecord a = found.get().alert();
    acks.request(a, found.get().page().userId(), AlertVia.LINK, ctx.vertx().getOrCreateContext()).onComplete(ar -> {
      AlertAcks.Outcome outcome = ar.succeeded() ? ar.result() : AlertAcks.Outcome.FAILED;
      switch (outcome) {
        case REQUESTED -> {
          audit.ok(ctx, "alert.ack", "alert", a.alertId());
          Html.send(ctx, 200, "Acknowledged", "<p>Thank you. You acknowledged alert " + Html.escape(a.code())
              + ". Paging stops.</p><p><a href=\"/dashboard\">Open the supervisor dashboard</a></p>");
        }
        case NOT_OPEN, ALREADY_REQUESTED -> {
          audit.denied(ctx, "alert.ack", "alert", a.alertId());
          Html.message(ctx, 409, "Already handled", "This alert is " + stateText(alerts.get(a.alertId()).orElse(a))
              + ". Nothing was changed.");
        }
        case UNKNOWN -> Html.message(ctx, 404, "Alert not found", "This alert is not known any more.");
        default -> Html.message(ctx, 503, "Try again", "Your acknowledgement could not be recorded. Please try again.");
      }
    });
  }

  /** What the page says about the alert: no caller details, ever. */
  private String details(AlertRecord a) {
    Duration waited = a.waitingSince() == null ? null : Duration.between(a.waitingSince(), clock.instant());
    return "<dl><dt>Code</dt><dd>" + Html.escape(a.code()) + "</dd>"
        + "<dt>Urgency</dt><dd>" + Html.escape(Html.label(a.urgency() == null ? null : a.urgency().name(), "")) + "</dd>"
        + "<dt>Region</dt><dd>" + Html.escape(a.region()) + "</dd>"
        + "<dt>Waiting</dt><dd>" + (waited == null ? "unknown" : minutes(waited)) + "</dd>"
        + "<dt>State</dt><dd>" + Html.escape(stateText(a)) + "</dd></dl>";
  }

  private static String stateText(AlertRecord a) {
    return switch (a.state()) {
      case OPEN -> a.ackRequestedAt() != null ? "open, acknowledgement on its way" : "open: nobody has acknowledged it yet";
      case ACKNOWLEDGED -> "acknowledged by " + a.acknowledgedBy();
      case RESOLVED -> a.resolution() == null ? "resolved"
          : "resolved (the request was " + Html.label(a.resolution().name(), "").toLowerCase() + ")";
    };
  }

  private static String minutes(Duration d) {
    long s = Math.max(0, d.getSeconds());
    return s < 60 ? s + " s" : s / 60 + " min " + String.format("%02d", s % 60) + " s";
  }
}

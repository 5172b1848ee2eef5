package org.crisisline.intake.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.OfferLinks;
import org.crisisline.events.OfferMade;
import org.crisisline.intake.view.OfferState;
import org.crisisline.intake.view.OfferView;

/**
 * The signed one-time links sent by SMS and email. GET /r/{token} only shows the offer (link
 * previewers and mail scanners fetch it; it changes nothing). POST /r/{token}/accept|decline
 * answers it once: afterwards, after expiry, or once the offer is no longer outstanding, the
 * page says so with 410. A token that does not verify is 404. Pages carry no caller PII.
 */
public final class LinkRoutes implements Routes {
  private final SignedLinks links;
  private final OfferView offers;
  private final OfferAnswers answers;
  private final Audit audit;
  private final Clock clock;

  public LinkRoutes(RateLimits limits, String linkSecret, OfferView offers, OfferAnswers answers, Audit audit,
      Clock clock) {
    this.offers = offers;
    this.answers = answers;
    this.audit = audit;
    this.clock = clock;
    this.links = new SignedLinks(limits, OfferLinks::new, linkSecret, clock);
  }

  @Override
  public void mount(Router router) {
    router.get("/r/:token").handler(this::show);
    router.post("/r/:token/accept").handler(ctx -> answer(ctx, true));
    router.post("/r/:token/decline").handler(ctx -> answer(ctx, false));
  }

  private Optional<OfferState> resolve(RoutingContext ctx) {
    Optional<String> offerId = links.verify(ctx, (c, expired) -> {
      if (expired) {
        Html.message(c, 410, "Link expired", "This offer has expired. Nothing was changed.");
      } else {
        Html.message(c, 404, "Link not recognised", "This link is not valid.");
      }
    });
    if (offerId.isEmpty()) {
      return Optional.empty();
    }
    // The token names only the offer; the offer names its one responder and request, so a link
    // can only ever answer the offer it was sent for, as that offer's responder. Referral
    // handoffs (no responder) are not answered by link.
    Optional<OfferState> offer = offers.get(offerId.get())
        .filter(o -> o.offer().responderId() != null);
    ctx.put("linkRole", "link");
    offer.ifPresent(o -> ctx.put("linkActor", o.offer().responderId()));
    if (offer.isEmpty()) {
      Html.message(ctx, 404, "Offer not found", "This offer is not known (yet). Try again in a moment.");
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (!offer.get().isOutstanding(now)) {
      Html.message(ctx, 410, "Offer no longer open",
          "This offer is " + offer.get().visibleState(now).toLowerCase() + ". Nothing was changed.");
      return Optional.empty();
    }
    return offer;
  }

  private void show(RoutingContext ctx) {
    Optional<OfferState> found = resolve(ctx);
    if (found.isEmpty()) {
      return;
    }
    OfferMade o = found.get().offer();
    String token = Html.escape(ctx.pathParam("token"));
    String body = "<dl><dt>Urgency</dt><dd>" + o.urgency() + "</dd><dt>Need</dt><dd>" + o.need()
        + "</dd><dt>Language</dt><dd>" + Html.escape(o.language()) + "</dd><dt>Region</dt><dd>"
        + Html.escape(o.region()) + "</dd><dt>Code</dt><dd>" + Html.escape(o.offerCode())
        + "</dd><dt>Answer by</dt><dd>" + o.expiresAt() + "</dd></dl>"
        + "<form method=\"post\" action=\"/r/" + token + "/accept\"><button type=\"submit\">Accept</button></form>"
        + "<form method=\"post\" action=\"/r/" + token + "/decline\"><button type=\"submit\">Decline</button></form>";
    Html.send(ctx, 200, "Offer for you", body);
  }

  private void answer(RoutingContext ctx, boolean accept) {
    Optional<OfferState> found = resolve(ctx);
    if (found.isEmpty()) {
      return;
    }
    OfferMade offer = found.get().offer();
    answers.answer(offer, accept, null, AnswerVia.LINK, ctx.vertx().getOrCreateContext()).onComplete(ar -> {
      OfferAnswers.Outcome outcome = ar.succeeded() ? ar.result() : OfferAnswers.Outcome.FAILED;
      switch (outcome) {
        case RECORDED -> {
          audit.ok(ctx, accept ? "offer.accept" : "offer.decline", "request", offer.requestId());
          // The caller's details are never on this page: they are on the signed-in responder page.
          Html.send(ctx, 200, accept ? "Accepted" : "Declined", "<p>" + Html.escape(accept
              ? "Thank you. You accepted this offer." : "You declined this offer. It goes to the next responder.")
              + "</p><p><a href=\"/responder\">" + (accept ? "Open your responder page for the details"
                  : "Open your responder page") + "</a></p>");
        }
        case NOT_OUTSTANDING -> Html.message(ctx, 410, "Offer no longer open", "This offer was answered already.");
        default -> Html.message(ctx, 503, "Try again", "Your answer could not be recorded. Please try again.");
      }
    });
  }
}

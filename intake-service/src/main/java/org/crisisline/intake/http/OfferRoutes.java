package org.crisisline.intake.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.DeclineReason;
import org.crisisline.events.OfferMade;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.domain.ClosingWords;
import org.crisisline.intake.domain.InvalidInput;
import org.crisisline.intake.domain.ResponderInput;
import org.crisisline.intake.view.OfferState;
import org.crisisline.intake.view.OfferView;

/**
 * A responder's offers over the API (bearer). GET /api/v1/offers/current lists their own
 * outstanding offers; POST /api/v1/offers/{offerId}/accept|decline answers one — only their
 * own (403 otherwise, audited), only while outstanding (409 answered, 410 expired).
 */
public final class OfferRoutes implements Routes {
  private final Guard guard;
  private final OpenApiBodies openApi;
  private final OfferView offers;
  private final Audit audit;
  private final Clock clock;
  private final OfferAnswers answers;

  public OfferRoutes(Guard guard, OpenApiBodies openApi, OfferView offers, OfferAnswers answers, Audit audit,
      Clock clock) {
    this.guard = guard;
    this.openApi = openApi;
    this.offers = offers;
    this.answers = answers;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/v1/offers/current").handler(guard.roles(Principal.RESPONDER)).handler(this::current);
    router.post("/api/v1/offers/:offerId/accept").handler(guard.roles(Principal.RESPONDER)).handler(MediaType.json(true))
        .handler(openApi.handler("acceptOffer", (ctx, body) -> ResponderInput.optionalText(body, "reason", 200)))
        .handler(ctx -> answer(ctx, true));
    router.post("/api/v1/offers/:offerId/decline").handler(guard.roles(Principal.RESPONDER)).handler(MediaType.json(true))
        .handler(openApi.handler("declineOffer", (ctx, body) -> ClosingWords.reason(body, DeclineReason.class)))
        .handler(ctx -> answer(ctx, false));
  }

  private void current(RoutingContext ctx) {
    Principal who = Guard.principal(ctx);
    Instant now = clock.instant();
    var list = offers.outstandingFor(who.responderId() == null ? "" : who.responderId(), now).stream()
        .map(o -> view(o, now)).toList();
    Http.json(ctx, 200, list);
  }

  private void answer(RoutingContext ctx, boolean accept) {
    ClosingWords<DeclineReason> why;
    try {
      why = accept ? null : ClosingWords.reason(Http.body(ctx), DeclineReason.class);
      if (accept) {
        ResponderInput.optionalText(Http.body(ctx), "reason", 200);
      }
    } catch (InvalidInput e) {
      Http.invalid(ctx, e);
      return;
    }
    String offerId = ctx.pathParam("offerId");
    var found = offers.get(offerId);
    Principal who = Guard.principal(ctx);
    String action = accept ? "offer.accept" : "offer.decline";
    if (found.isEmpty() || found.get().offer().responderId() == null) {
      Http.problem(ctx, 404, "Not found", "No such offer.");
      return;
    }
    OfferMade offer = found.get().offer();
    if (!offer.responderId().equals(who.responderId())) {
      audit.denied(ctx, action, "request", offer.requestId());
      Http.problem(ctx, 403, "Forbidden", "This offer was made to someone else.");
      return;
    }
    Instant now = clock.instant();
    if (!found.get().isOutstanding(now)) {
      boolean expired = found.get().state() == OfferState.State.OUTSTANDING;
      Http.problem(ctx, expired ? 410 : 409, expired ? "Offer expired" : "Offer no longer open",
          "The offer is " + found.get().visibleState(now) + ".");
      return;
    }
    answers.answer(offer, accept, why, AnswerVia.API, ctx.vertx().getOrCreateContext()).onComplete(ar -> {
      OfferAnswers.Outcome outcome = ar.succeeded() ? ar.result() : OfferAnswers.Outcome.FAILED;
      switch (outcome) {
        case RECORDED -> {
          audit.ok(ctx, action, "request", offer.requestId());
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("offerId", offer.offerId());
          body.put("requestId", offer.requestId());
          body.put("answer", accept ? "ACCEPTED" : "DECLINED");
          Http.json(ctx, 202, body);
        }
        case NOT_OUTSTANDING -> Http.problem(ctx, 409, "Offer no longer open", "The offer was answered already.");
        default -> Http.problem(ctx, 503, "Not recorded", "The answer could not be stored; retry.");
      }
    });
  }

  static Map<String, Object> view(OfferState o, Instant now) {
    OfferMade m = o.offer();
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("offerId", m.offerId());
    v.put("requestId", m.requestId());
    v.put("urgency", m.urgency());
    v.put("need", m.need());
    v.put("language", m.language());
    v.put("region", m.region());
    v.put("expiresAt", m.expiresAt());
    v.put("offerCode", m.offerCode());
    v.put("state", o.visibleState(now));
    return v;
  }
}

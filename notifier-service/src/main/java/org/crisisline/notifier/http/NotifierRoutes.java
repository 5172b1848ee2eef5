package org.crisisline.notifier.http;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.crisisline.notifier.NotifierMetrics;
import org.crisisline.notifier.domain.TwilioSignature;
import org.crisisline.notifier.send.SmsReplies;
import org.crisisline.notifier.send.StatusCallbacks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier's HTTP port: {@code GET /health}, {@code GET /ready}, {@code GET /metrics}
 * (Prometheus), and the SMS provider's webhooks {@code POST /api/v1/sms/status} and
 * {@code POST /api/v1/sms/inbound}. Both webhooks need a valid {@code X-Twilio-Signature} over
 * the URL the provider called ({@code callbackBase} + path and query) and the form fields;
 * otherwise 403 and nothing changes. An opt-out (STOP) is answered with an empty TwiML response,
 * the same whether the number is a caller's or not: its confirmation is a send of its own.
 */
public final class NotifierRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(NotifierRoutes.class);
  private static final String SIGNATURE = "X-Twilio-Signature";

  /**
   * The SMS provider's side: status changes, replies, the token both are signed with, and the
   * base URL the provider calls (the signature covers it).
   */
  public record Webhooks(StatusCallbacks status, SmsReplies replies, String authToken, String callbackBase) {}

  private NotifierRoutes() {}

  /** {@code ready}: consuming offers; {@code providers}: reachability per provider, shown on /ready. */
  public static Router router(Vertx vertx, NotifierMetrics metrics, Webhooks webhooks, BooleanSupplier ready,
      Supplier<Map<String, String>> providers) {
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
    // Ready = consuming offers; SMTP/SMS reachability is reported alongside (see ProviderProbe).
    router.get("/ready").handler(ctx -> {
      boolean isReady = ready.getAsBoolean();
      JsonObject body = new JsonObject().put("status", isReady ? "READY" : "STARTING");
      providers.get().forEach(body::put);
      json(ctx, isReady ? 200 : 503, body);
    });
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));

    router.post("/api/v1/sms/*").handler(BodyHandler.create().setBodyLimit(64 * 1024).setHandleFileUploads(false));
    router.post("/api/v1/sms/*").handler(ctx -> {
      if (!signed(ctx, webhooks.authToken(), webhooks.callbackBase())) {
        metrics.callback(ctx.request().path().endsWith("inbound") ? "sms-inbound" : "sms-status", "forged");
        LOG.warn("rejected {} with a bad or missing {}", ctx.request().path(), SIGNATURE);
        ctx.response().setStatusCode(403).putHeader("Content-Type", "application/problem+json")
            .end(new JsonObject().put("title", "Forbidden").put("status", 403)
                .put("detail", "signature does not match").encode());
        return;
      }
      ctx.next();
    });

    router.post("/api/v1/sms/status").handler(ctx -> {
      MultiMap form = ctx.request().formAttributes();
      String offerId = ctx.request().getParam("offerId");
      String status = form.get("MessageStatus") != null ? form.get("MessageStatus") : form.get("SmsStatus");
      if (offerId == null || status == null) {
        ctx.response().setStatusCode(400).end();
        return;
      }
      webhooks.status().smsStatus(offerId, ctx.request().getParam("requestId"), form.get("MessageSid"), status)
          .onSuccess(changed -> ctx.response().setStatusCode(204).end())
          .onFailure(e -> ctx.response().setStatusCode(503).end());
    });

    router.post("/api/v1/sms/inbound").handler(ctx -> {
      MultiMap form = ctx.request().formAttributes();
      webhooks.replies().inbound(form.get("MessageSid"), form.get("From"), form.get("Body"))
          .onSuccess(outcome -> ctx.response().putHeader("Content-Type", "text/xml")
              .end("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
                  + (outcome.message() == null ? "" : "<Message>" + xml(outcome.message()) + "</Message>")
                  + "</Response>"))
          .onFailure(e -> ctx.response().setStatusCode(503).end());
    });
    return router;
  }

  private static boolean signed(RoutingContext ctx, String authToken, String callbackBase) {
    Map<String, List<String>> params = new HashMap<>();
    ctx.request().formAttributes().forEach(e -> params.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    String url = callbackBase + ctx.request().uri();
    return TwilioSignature.verify(authToken, url, params, ctx.request().getHeader(SIGNATURE));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}

package org.crisisline.intake.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.crisisline.intake.auth.Principal;

/**
 * Operations and documents: /health (process up), /ready (views caught up with the topics),
 * /metrics (Prometheus), /api/v1/openapi.yaml (the contract the validators implement), and
 * GET /api/v1/dev/outbox (supervisor; local stack only: proxies CRISISLINE_DEV_OUTBOX_URL).
 */
public final class OpsRoutes implements Routes {
  private final BooleanSupplier viewsCaughtUp;
  private final PrometheusMeterRegistry metrics;
  private final Guard guard;
  private final String devOutboxUrl;
  private final byte[] openapi;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  public OpsRoutes(BooleanSupplier viewsCaughtUp, PrometheusMeterRegistry metrics, Guard guard, String devOutboxUrl) {
    this.viewsCaughtUp = viewsCaughtUp;
    this.metrics = metrics;
    this.guard = guard;
    this.devOutboxUrl = devOutboxUrl;
    try (InputStream in = OpsRoutes.class.getResourceAsStream("/openapi.yaml")) {
      this.openapi = in == null ? new byte[0] : in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read openapi.yaml", e);
    }
  }

  @Override
  public void mount(Router router) {
    router.get("/health").handler(ctx -> Http.json(ctx, 200, Map.of("status", "UP")));
    router.get("/ready").handler(ctx -> {
      boolean ready = viewsCaughtUp.getAsBoolean();
      Http.json(ctx, ready ? 200 : 503, Map.of("status", ready ? "READY" : "NOT_READY"));
    });
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
    router.get("/api/v1/openapi.yaml").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/yaml").end(Buffer.buffer(openapi)));
    router.get("/api/v1/dev/outbox").handler(guard.roles(Principal.SUPERVISOR)).handler(this::outbox);
  }

  private void outbox(RoutingContext ctx) {
    if (devOutboxUrl == null) {
      Http.problem(ctx, 404, "Not found", "The dev outbox exists only in the local stack.");
      return;
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(devOutboxUrl)).timeout(Duration.ofSeconds(5)).GET().build();
    var context = ctx.vertx().getOrCreateContext();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, e) -> context.runOnContext(v -> {
      if (e != null || r.statusCode() != 200) {
        Http.problem(ctx, 502, "Outbox unavailable", "The local outbox did not answer.");
        return;
      }
      ctx.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(r.body()));
    }));
  }
}

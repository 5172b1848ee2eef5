package org.crisisline.intake.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles intake's router: security headers and body limits first, then each concern's
 * routes, then the web pages from classpath {@code webroot/}. Every error, including the
 * framework's own (404, 405, 413), leaves as problem+json; an unexpected exception is logged by
 * class only (messages may quote input) and answered 500 without detail.
 */
public final class ApiRouter {
  public static final long BODY_LIMIT = 64 * 1024;
  public static final long IMPORT_LIMIT = 5L * 1024 * 1024;
  static final String IMPORT_PATH = "/api/v1/directory/import";
  private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
  private static final Map<String, String> PAGES = Map.of(
      "/responder", "/responder.html", "/dashboard", "/dashboard.html",
      "/dev/outbox", "/outbox.html", "/login", "/login.html", "/reports", "/reports.html");

  private ApiRouter() {}

  /** A router for one HTTP server; {@code routes} are shared by all servers, so they hold only thread-safe state. */
  public static Router create(Vertx vertx, MeterRegistry metrics, List<Routes> routes, String publicUrl,
      ClientAddress clientAddress) {
    Router router = Router.router(vertx);
    router.route().handler(new SecurityHeaders(publicUrl));
    router.route().handler(clientAddress::handler);
    router.route().handler(ctx -> {
      ctx.addEndHandler(v -> io.micrometer.core.instrument.Counter.builder("crisisline_intake_http_responses")
          .description("HTTP responses by status code (per route: vertx_http_server_requests_total)")
          .tag("status", Integer.toString(ctx.response().getStatusCode())).register(metrics).increment());
      ctx.next();
    });
    // The import's large body is read only after its route authenticated the caller (DirectoryRoutes).
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(BODY_LIMIT);
    router.route().handler(ctx -> {
      if (IMPORT_PATH.equals(ctx.normalizedPath())) {
        ctx.next();
      } else {
        bodies.handle(ctx);
      }
    });
    // After the body is read, so the route handlers (and what they send to Kafka) run inside it.
    router.route().handler(SecurityHeaders::withRequestIdInMdc);

    routes.forEach(r -> r.mount(router));

    PAGES.forEach((path, file) -> router.get(path).handler(ctx -> ctx.reroute(file)));
    router.route("/*").handler(StaticHandler.create("webroot").setIndexPage("index.html"));

    for (int status : new int[] {400, 401, 403, 404, 405, 406, 409, 413, 414, 415, 431}) {
      router.errorHandler(status, ctx -> Http.problem(ctx, status, Http.titleFor(status), null));
    }
    router.errorHandler(500, ApiRouter::internalError);
    return router;
  }

  private static void internalError(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    LOG.error("unhandled failure on {} {}: {}", ctx.request().method(), ctx.currentRoute() == null ? "?"
        : ctx.currentRoute().getPath(), failure == null ? "none" : failure.getClass().getName());
    Http.problem(ctx, 500, "Internal error", null);
  }
}

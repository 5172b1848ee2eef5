package org.crisisline.intake.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Headers on every response: no sniffing, no framing, no referrer, a CSP (strict for API
 * answers, self-only for pages), no caching of API answers, and a request id for the audit, the
 * logs (MDC {@code requestId}) and the Kafka records sent while handling the request.
 * CORS is closed: no Access-Control-* header is ever sent, and a cross-origin preflight gets 403.
 * When the public URL (CRISISLINE_PUBLIC_URL) is https, every answer carries
 * {@code Strict-Transport-Security}, so browsers never again try the site over plain HTTP.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {
  public static final String REQUEST_ID = "requestId";
  private static final Pattern SAFE_ID = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");
  private static final String PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
      + "form-action 'self'; frame-ancestors 'none'";
  private static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";
  private static final String HSTS = "max-age=31536000; includeSubDomains";
  private final boolean hsts;

  /** {@code publicUrl}: CRISISLINE_PUBLIC_URL, or null; https turns HSTS on. */
  public SecurityHeaders(String publicUrl) {
    this.hsts = publicUrl != null && publicUrl.regionMatches(true, 0, "https://", 0, 8);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader("X-Request-Id");
    String id = given != null && SAFE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    ctx.put(REQUEST_ID, id);
    String path = ctx.request().path();
    boolean api = path.startsWith("/api/") || path.startsWith("/health") || path.startsWith("/ready")
        || path.startsWith("/metrics");
    var h = ctx.response().headers();
    h.set("X-Request-Id", id);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    h.set("Cross-Origin-Opener-Policy", "same-origin");
    h.set("Cross-Origin-Resource-Policy", "same-origin");
    h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    h.set("Content-Security-Policy", api ? API_CSP : PAGE_CSP);
    if (hsts) {
      h.set("Strict-Transport-Security", HSTS);
    }
    if (api || path.startsWith("/r/") || path.startsWith("/a/")) {
      h.set("Cache-Control", "no-store");
    }
    if (ctx.request().method() == HttpMethod.OPTIONS && ctx.request().getHeader("Origin") != null) {
      Http.problem(ctx, 403, "Forbidden", "Cross-origin requests are not allowed.");
      return;
    }
    // The id in the MDC for whatever this request logs on this thread (JSON logs carry the MDC), and
    // as a Kafka header on what EventPublisher sends while handling it.
    MDC.put(REQUEST_ID, id);
    try {
      ctx.next();
    } finally {
      MDC.remove(REQUEST_ID);
    }
  }

  /** Runs the rest of the chain with this request's id in the MDC (see {@link #handle}). */
  public static void withRequestIdInMdc(RoutingContext ctx) {
    String id = ctx.get(REQUEST_ID);
    if (id == null) {
      ctx.next();
      return;
    }
    MDC.put(REQUEST_ID, id);
    try {
      ctx.next();
    } finally {
      MDC.remove(REQUEST_ID);
    }
  }
}

package org.crisisline.intake.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.auth.TokenService;

/**
 * Authentication then role check, per route. 401 (with {@code WWW-Authenticate}) when there is
 * no valid token — missing, malformed, tampered, expired, wrong issuer; 403 when the token is
 * fine but no role fits. Object-level checks (whose offer, whose status) stay in the handlers.
 * Then the per-user rate limit. The token may also come as {@code access_token} query
 * parameter, only where {@link #allowQueryToken} says so (EventSource cannot send headers).
 */
public final class Guard {
  public static final String PRINCIPAL = "principal";

  private final TokenService tokens;
  private final RateLimits limits;

  public Guard(TokenService tokens, RateLimits limits) {
    this.tokens = tokens;
    this.limits = limits;
  }

  public Handler<RoutingContext> roles(String... roles) {
    return handler(List.of(roles), false);
  }

  public Handler<RoutingContext> allowQueryToken(String... roles) {
    return handler(List.of(roles), true);
  }

  public static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  private Handler<RoutingContext> handler(List<String> roles, boolean queryToken) {
    return ctx -> {
      String token = bearer(ctx, queryToken);
      if (token == null) {
        unauthorized(ctx, null);
        return;
      }
      tokens.verify(token).onComplete(ar -> {
        if (ar.failed()) {
          unauthorized(ctx, "invalid_token");
          return;
        }
        Principal who = ar.result();
        if (!who.hasAny(roles)) {
          Http.problem(ctx, 403, "Forbidden", "This action needs one of the roles " + roles + ".");
          return;
        }
        if (!limits.tryUser(who.username())) {
          RateLimits.tooMany(ctx);
          return;
        }
        ctx.put(PRINCIPAL, who);
        ctx.next();
      });
    };
  }

  private static String bearer(RoutingContext ctx, boolean queryToken) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null) {
      if (header.regionMatches(true, 0, "Bearer ", 0, 7) && header.length() > 7 && header.length() < 8192) {
        return header.substring(7).trim();
      }
      return null;
    }
    if (queryToken) {
      String q = ctx.request().getParam("access_token");
      return q == null || q.isBlank() || q.length() > 8192 ? null : q;
    }
    return null;
  }

  private static void unauthorized(RoutingContext ctx, String error) {
    ctx.response().putHeader("WWW-Authenticate",
        error == null ? "Bearer realm=\"crisisline\"" : "Bearer realm=\"crisisline\", error=\"" + error + "\"");
    Http.problem(ctx, 401, "Unauthorized", "A valid bearer token is required.");
  }
}

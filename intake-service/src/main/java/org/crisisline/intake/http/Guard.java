package org.crisisline.intake.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.auth.TokenService;
import org.crisisline.intake.view.SessionRevocations;

/**
 * Authentication then role check, per route. 401 (with {@code WWW-Authenticate}) when there is
 * no valid token — missing, malformed, tampered, expired, wrong issuer, of a signed-out session,
 * or of a responder who is no longer active (checked on every request, for intake's own tokens
 * and an identity provider's alike, so deactivating a responder ends their access at once);
 * 403 when the token is fine but no role fits. Object-level checks (whose offer, whose status)
 * stay in the handlers. Then the per-user rate limit. The token comes only in the
 * {@code Authorization} header: a request carrying {@code access_token} in its query is refused
 * (400), since URLs end up in logs and browser history.
 */
public final class Guard {
  public static final String PRINCIPAL = "principal";

  private final TokenService tokens;
  private final RateLimits limits;
  private final SessionRevocations revocations;
  private final Predicate<String> activeResponder;
  private final Clock clock;

  public Guard(TokenService tokens, RateLimits limits, SessionRevocations revocations,
      Predicate<String> activeResponder, Clock clock) {
    this.tokens = tokens;
    this.limits = limits;
    this.revocations = revocations;
    this.activeResponder = activeResponder;
    this.clock = clock;
  }

  public Handler<RoutingContext> roles(String... roles) {
    List<String> wanted = List.of(roles);
    return ctx -> {
      if (ctx.request().getParam("access_token") != null) {
        Http.problem(ctx, 400, "Token in URL", "Send the token in the Authorization header, never in the URL.");
        return;
      }
      String token = bearer(ctx);
      if (token == null) {
        unauthorized(ctx, null);
        return;
      }
      tokens.verify(token).onComplete(ar -> {
        if (ar.failed() || !mayStillAct(ar.result())) {
          unauthorized(ctx, "invalid_token");
          return;
        }
        Principal who = ar.result();
        if (!who.hasAny(wanted)) {
          Http.problem(ctx, 403, "Forbidden", "This action needs one of the roles " + wanted + ".");
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

  /** Not signed out, and not a responder who has been removed or made inactive since the token was issued. */
  public boolean mayStillAct(Principal who) {
    if (revocations.isRevoked(who.sessionId(), clock.instant())) {
      return false;
    }
    if (who.has(Principal.RESPONDER)) {
      return activeResponder.test(who.responderId() != null ? who.responderId() : who.username());
    }
    return true;
  }

  public static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  /** The bearer token of the Authorization header, or null. */
  public static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && header.length() > 7
        && header.length() < 8192) {
      return header.substring(7).trim();
    }
    return null;
  }

  static void unauthorized(RoutingContext ctx, String error) {
    ctx.response().putHeader("WWW-Authenticate",
        error == null ? "Bearer realm=\"crisisline\"" : "Bearer realm=\"crisisline\", error=\"" + error + "\"");
    Http.problem(ctx, 401, "Unauthorized", "A valid bearer token is required.");
  }
}

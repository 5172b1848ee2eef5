package org.crisisline.intake.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.crisisline.intake.auth.DemoAccounts;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.auth.TokenService;
import org.crisisline.intake.domain.Fields;
import org.crisisline.intake.domain.InvalidInput;
import org.crisisline.intake.domain.Json;

/**
 * POST /api/v1/session {username, password} → 200 {token, role, roles, username, responderId?,
 * expiresAt}; 401 for wrong credentials or when demo accounts are off. The password check
 * (PBKDF2) runs on a worker thread. Logs the username only on failure counts, never passwords.
 *
 * <p>POST /api/v1/session/refresh (bearer, any role) → the same body with a fresh token for the
 * same user and roles, so a screen left open all day stays signed in while it is open. Only a
 * valid, unexpired token of intake's own is renewed: an expired one is 401 (sign in again), an
 * identity provider's is 400 (renew it there), and a responder made inactive meanwhile is 401.
 */
public final class SessionRoutes implements Routes {
  private final Guard guard;
  private final OpenApiBodies openApi;
  private final RateLimits limits;
  private final TokenService tokens;
  /** Null when demo accounts are off (CRISISLINE_DEMO_PASSWORD unset): logins are then 401. */
  private final DemoAccounts accounts;

  public SessionRoutes(Guard guard, OpenApiBodies openApi, RateLimits limits, TokenService tokens,
      DemoAccounts accounts) {
    this.guard = guard;
    this.openApi = openApi;
    this.limits = limits;
    this.tokens = tokens;
    this.accounts = accounts;
  }

  @Override
  public void mount(Router router) {
    router.post("/api/v1/session").handler(this::limit).handler(MediaType.json(false))
        .handler(openApi.handler("login", (ctx, body) -> credentials(body))).handler(this::login);
    router.post("/api/v1/session/refresh")
        .handler(guard.roles(Principal.STAFF, Principal.RESPONDER, Principal.SUPERVISOR, Principal.ADMIN))
        .handler(MediaType.json(true)).handler(this::refresh);
  }

  private void limit(RoutingContext ctx) {
    String address = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().host();
    if (limits.tryAnonymous("login:" + address)) {
      ctx.next();
    } else {
      RateLimits.tooMany(ctx);
    }
  }

  /** What a login body holds; the password as chars so it can be wiped after hashing. */
  private record Credentials(String username, char[] password) {}

  private static Credentials credentials(byte[] body) {
    JsonNode node = Json.parseObject(body);
    Fields f = Fields.of(node, "username", "password");
    String username = f.string("username", true, 1, 64, null);
    String p = f.string("password", true, 1, 256, null);
    f.check();
    return new Credentials(username, p.toCharArray());
  }

  private void login(RoutingContext ctx) {
    Credentials given;
    try {
      given = credentials(Http.body(ctx));
    } catch (InvalidInput e) {
      Http.invalid(ctx, e);
      return;
    }
    String username = given.username();
    char[] password = given.password();
    if (accounts == null || !tokens.issuing()) {
      Http.problem(ctx, 401, "Unauthorized", "Local logins are disabled; use your identity provider.");
      return;
    }
    ctx.vertx().<Optional<Principal>>executeBlocking(() -> accounts.login(username, password), false)
        .onComplete(ar -> {
          java.util.Arrays.fill(password, '\0');
          if (ar.failed() || ar.result().isEmpty()) {
            Http.problem(ctx, 401, "Unauthorized", "Unknown username or wrong password.");
            return;
          }
          Http.json(ctx, 200, session(ar.result().get()));
        });
  }

  private void refresh(RoutingContext ctx) {
    Principal who = Guard.principal(ctx);
    String header = ctx.request().getHeader("Authorization");
    if (!tokens.issuedHere(header == null ? null : header.substring(7).trim())) {
      Http.problem(ctx, 400, "Not renewable here", "Renew this token with your identity provider.");
      return;
    }
    if (accounts != null && !accounts.mayRenew(who)) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"crisisline\", error=\"invalid_token\"");
      Http.problem(ctx, 401, "Unauthorized", "This account can no longer sign in.");
      return;
    }
    Http.json(ctx, 200, session(who));
  }

  private Map<String, Object> session(Principal who) {
    var issued = tokens.issue(new Principal(who.username(), who.roles(), who.responderId()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token", issued.token());
    body.put("role", who.primaryRole());
    body.put("roles", who.roles());
    body.put("username", who.username());
    if (who.responderId() != null) {
      body.put("responderId", who.responderId());
    }
    body.put("expiresAt", issued.expiresAt().toString());
    return body;
  }
}

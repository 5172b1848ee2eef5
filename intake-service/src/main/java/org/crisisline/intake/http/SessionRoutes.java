package org.crisisline.intake.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.crisisline.events.Ids;
import org.crisisline.events.SessionRevoked;
import org.crisisline.events.Topics;
import org.crisisline.intake.auth.DemoAccounts;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.auth.TokenService;
import org.crisisline.intake.domain.Fields;
import org.crisisline.intake.domain.InvalidInput;
import org.crisisline.intake.domain.Json;
import org.crisisline.intake.kafka.EventPublisher;
import org.crisisline.intake.view.SessionRevocations;

/**
 * POST /api/v1/session {username, password} → 200 {token, role, roles, username, responderId?,
 * expiresAt}; 401 for wrong credentials or when demo accounts are off; 429 from the per-address
 * budget, or while the account is locked after repeated failures ({@link LoginLockout}), even for
 * the right password. The password check (PBKDF2) runs on a worker thread. Never logs passwords.
 *
 * <p>POST /api/v1/session/refresh (bearer, any role) → the same body with a fresh token for the
 * same user and roles, so a screen left open all day stays signed in while it is open. Only a
 * valid, unexpired token of intake's own is renewed: an expired one is 401 (sign in again), an
 * identity provider's is 400 (renew it there), and a responder made inactive meanwhile is 401.
 * Renewal keeps the session: no token of it lives past the first sign-in plus
 * CRISISLINE_SESSION_MAX_SECONDS, and once that is reached refresh is 401 (sign in again).
 *
 * <p>POST /api/v1/session/logout (bearer, any role) → 204: the token's session is written to
 * {@code session-revocations} (key session id) until its last token would have expired, and every
 * intake instance refuses its tokens from then on. Audited.
 */
public final class SessionRoutes implements Routes {
  private final Guard guard;
  private final OpenApiBodies openApi;
  private final RateLimits limits;
  private final LoginLockout lockout;
  private final TokenService tokens;
  /** Null when demo accounts are off (CRISISLINE_DEMO_PASSWORD unset): logins are then 401. */
  private final DemoAccounts accounts;
  private final SessionRevocations revocations;
  private final EventPublisher publisher;
  private final Audit audit;
  private final Clock clock;

  public SessionRoutes(Guard guard, OpenApiBodies openApi, RateLimits limits, LoginLockout lockout, TokenService tokens,
      DemoAccounts accounts, SessionRevocations revocations, EventPublisher publisher, Audit audit, Clock clock) {
    this.guard = guard;
    this.openApi = openApi;
    this.limits = limits;
    this.lockout = lockout;
    this.tokens = tokens;
    this.accounts = accounts;
    this.revocations = revocations;
    this.publisher = publisher;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.post("/api/v1/session").handler(this::limit).handler(MediaType.json(false))
        .handler(openApi.handler("login", (ctx, body) -> credentials(body))).handler(this::login);
    router.post("/api/v1/session/refresh")
        .handler(guard.roles(Principal.STAFF, Principal.RESPONDER, Principal.SUPERVISOR, Principal.ADMIN))
        .handler(MediaType.json(true)).handler(this::refresh);
    router.post("/api/v1/session/logout")
        .handler(guard.roles(Principal.STAFF, Principal.RESPONDER, Principal.SUPERVISOR, Principal.ADMIN))
        .handler(MediaType.json(true)).handler(this::logout);
  }

  private void limit(RoutingContext ctx) {
    if (limits.tryAnonymous("login:" + ClientAddress.of(ctx))) {
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
    java.time.Instant locked = lockout.lockedUntil(username);
    if (locked != null) {
      // Refused whatever the password: the lockout stops guessing, the right guess included.
      java.util.Arrays.fill(password, '\0');
      ctx.response().putHeader("Retry-After",
          Long.toString(Math.max(1, java.time.Duration.between(clock.instant(), locked).toSeconds())));
      Http.problem(ctx, 429, "Account locked", "Too many failed sign-ins for this account; try again later.");
      return;
    }
    ctx.vertx().<Optional<Principal>>executeBlocking(() -> accounts.login(username, password), false)
        .onComplete(ar -> {
          java.util.Arrays.fill(password, '\0');
          if (ar.failed() || ar.result().isEmpty()) {
            lockout.failed(username);
            Http.problem(ctx, 401, "Unauthorized", "Unknown username or wrong password.");
            return;
          }
          lockout.succeeded(username);
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
    if (who.authTime() == null || !clock.instant().plusSeconds(1).isBefore(tokens.sessionEnd(who.authTime()))) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"crisisline\", error=\"invalid_token\"");
      Http.problem(ctx, 401, "Unauthorized", "This session has reached its maximum length; sign in again.");
      return;
    }
    Http.json(ctx, 200, session(who));
  }

  private void logout(RoutingContext ctx) {
    Principal who = Guard.principal(ctx);
    SessionRevoked revoked = new SessionRevoked(Ids.newId(), clock.instant(), who.sessionId(),
        tokens.revocationUntil(who));
    Future.fromCompletionStage(publisher.send(Topics.SESSION_REVOCATIONS, who.sessionId(), revoked),
        ctx.vertx().getOrCreateContext()).onComplete(ar -> {
          if (ar.failed()) {
            Http.problem(ctx, 503, "Not signed out", "The sign-out could not be recorded; retry.");
            return;
          }
          revocations.apply(who.sessionId(), revoked);
          audit.ok(ctx, "session.logout", "session", who.username());
          ctx.response().setStatusCode(204).end();
        });
  }

  private Map<String, Object> session(Principal who) {
    // Same session (id and sign-in time) on renewal; a fresh one for a sign-in.
    var issued = tokens.issue(new Principal(who.username(), who.roles(), who.responderId(), null,
        who.sessionId(), who.authTime()));
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

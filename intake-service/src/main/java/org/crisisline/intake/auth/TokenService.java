package org.crisisline.intake.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.crisisline.intake.IntakeConfig;

/**
 * Issues and verifies bearer JWTs. Locally: HS256 with CRISISLINE_JWT_SECRET, short-lived
 * (CRISISLINE_JWT_TTL_SECONDS), claims {@code sub}, {@code roles}, {@code responderId}, the
 * session id {@code sid} and the session's sign-in time {@code auth_time}; no token of a session
 * outlives {@code auth_time} + CRISISLINE_SESSION_MAX_SECONDS. With CRISISLINE_JWT_JWKS_URL set,
 * tokens signed by the OIDC provider's keys are accepted instead, for the configured audience
 * only; intake's own HS256 tokens are then refused unless CRISISLINE_LOGIN_TOKENS_WITH_OIDC=true
 * (a leaked JWT secret must not open a deployment that signs in through its provider).
 * Issuer and audience are checked on every token.
 */
public final class TokenService {
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
  private volatile JWTAuth jwt;
  private final Vertx vertx;
  private final IntakeConfig config;
  private final boolean issuing;

  /** What POST /api/v1/session hands out. */
  public record Issued(String token, Instant expiresAt, String sessionId) {}

  public TokenService(Vertx vertx, IntakeConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.issuing = config.jwksUrl() == null || (config.demoPassword() != null && config.loginTokensWithOidc());
    this.jwt = build();
  }

  /**
   * Re-reads the provider's JWKS (keys rotate at the provider); on failure the current keys stay.
   * Blocking HTTP: call from a worker.
   */
  public void refreshKeys() {
    if (config.jwksUrl() != null) {
      this.jwt = build();
    }
  }

  private JWTAuth build() {
    JWTOptions checks = new JWTOptions().setIssuer(config.jwtIssuer()).setLeeway(5);
    if (config.jwtAudience() != null) {
      checks.addAudience(config.jwtAudience());
    }
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(checks);
    if (issuing) {
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(config.jwtSecret()));
    }
    if (config.jwksUrl() != null) {
      options.setJwks(fetchJwks(config.jwksUrl()));
    }
    return JWTAuth.create(vertx, options);
  }

  public boolean issuing() {
    return issuing;
  }

  /**
   * Whether a token was signed with intake's own key (HS256) rather than by the identity provider:
   * only those are renewed here, a provider's tokens are renewed at the provider. Call after
   * {@link #verify} succeeded; this only reads the header.
   */
  public boolean issuedHere(String token) {
    if (!issuing || token == null) {
      return false;
    }
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    try {
      JsonObject header = new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, dot)),
          java.nio.charset.StandardCharsets.UTF_8));
      return "HS256".equals(header.getString("alg"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * A token for {@code who}: a new session when {@code who} has none (a sign-in), else a renewal in
   * the same session, expiring at the configured TTL but never after the session's absolute end.
   */
  public Issued issue(Principal who) {
    Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());
    String sessionId = who.sessionId() != null ? who.sessionId() : newSessionId();
    Instant authTime = who.authTime() != null ? who.authTime() : now;
    Instant expiresAt = now.plus(config.jwtTtl());
    if (expiresAt.isAfter(sessionEnd(authTime))) {
      expiresAt = sessionEnd(authTime);
    }
    JsonObject claims = new JsonObject().put("roles", new JsonArray(who.roles()))
        .put("sid", sessionId).put("auth_time", authTime.getEpochSecond());
    if (who.responderId() != null) {
      claims.put("responderId", who.responderId());
    }
    JWTOptions options = new JWTOptions().setAlgorithm("HS256").setIssuer(config.jwtIssuer())
        .setSubject(who.username()).setExpiresInSeconds((int) Duration.between(now, expiresAt).toSeconds());
    if (config.jwtAudience() != null) {
      options.addAudience(config.jwtAudience());
    }
    return new Issued(jwt.generateToken(claims, options), expiresAt, sessionId);
  }

  /** When a session that signed in at {@code authTime} ends, renewals or not. */
  public Instant sessionEnd(Instant authTime) {
    return authTime.plus(config.sessionMax());
  }

  /** Until when a revocation of {@code who}'s session must be kept: past that no token of it verifies. */
  public Instant revocationUntil(Principal who) {
    Instant end = who.expiresAt();
    if (who.authTime() != null && sessionEnd(who.authTime()).isAfter(end)) {
      end = sessionEnd(who.authTime());
    }
    return end;
  }

  private static String newSessionId() {
    byte[] b = new byte[18];
    RANDOM.nextBytes(b);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** The session a token belongs to: its sid, else its jti, else a digest of the token itself. */
  private static String sessionOf(JsonObject claims, String token) {
    String sid = claims.getValue("sid") instanceof String s ? s : null;
    if (sid != null && !sid.isBlank()) {
      return sid;
    }
    String jti = claims.getValue("jti") instanceof String s ? s : null;
    if (jti != null && !jti.isBlank()) {
      return "jti:" + jti;
    }
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "tok:" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** The caller of a verified token; fails for a bad signature, expiry, issuer or audience. */
  public Future<Principal> verify(String token) {
    return jwt.authenticate(new TokenCredentials(token)).compose(user -> {
      // Vert.x keeps the verified payload under attributes.accessToken; principal holds the raw token.
      JsonObject claims = user.attributes().getJsonObject("accessToken", new JsonObject());
      if (claims.getValue("exp") == null) {
        // Short-lived tokens only: a token without expiry is refused outright.
        return Future.failedFuture("token without exp");
      }
      String sub = claims.getString("sub");
      Object roleClaim = claims.getValue("roles");
      if (sub == null || !(roleClaim instanceof JsonArray roles)) {
        return Future.failedFuture("token without sub or roles");
      }
      List<String> names = new ArrayList<>();
      roles.forEach(r -> names.add(String.valueOf(r)));
      String responderId = claims.getString("responderId");
      if (responderId == null && names.contains(Principal.RESPONDER)) {
        responderId = sub;
      }
      Instant expiresAt = Instant.ofEpochSecond(claims.getLong("exp"));
      Object authClaim = claims.getValue("auth_time") != null ? claims.getValue("auth_time") : claims.getValue("iat");
      Instant authTime = authClaim instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null;
      return Future.succeededFuture(new Principal(sub, names, responderId, expiresAt, sessionOf(claims, token),
          authTime));
    });
  }

  private static List<JsonObject> fetchJwks(String url) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try {
      HttpResponse<String> response = client.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("JWKS " + url + " answered " + response.statusCode());
      }
      JsonArray keys = new JsonObject(response.body()).getJsonArray("keys", new JsonArray());
      List<JsonObject> out = new ArrayList<>();
      keys.forEach(k -> out.add((JsonObject) k));
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot fetch JWKS from " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted fetching JWKS", e);
    }
  }
}

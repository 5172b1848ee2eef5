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
 * (CRISISLINE_JWT_TTL_SECONDS), claims {@code sub}, {@code roles}, {@code responderId}. With
 * CRISISLINE_JWT_JWKS_URL set, tokens signed by the OIDC provider's keys (fetched once at
 * start) are accepted too; issuer and, if configured, audience are checked on every token.
 */
public final class TokenService {
  private volatile JWTAuth jwt;
  private final Vertx vertx;
  private final IntakeConfig config;
  private final boolean issuing;

  /** What POST /api/v1/session hands out. */
  public record Issued(String token, Instant expiresAt) {}

  public TokenService(Vertx vertx, IntakeConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.issuing = config.jwksUrl() == null || config.demoPassword() != null;
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

  public Issued issue(Principal who) {
    Instant expiresAt = Instant.now().plus(config.jwtTtl());
    JsonObject claims = new JsonObject().put("roles", new JsonArray(who.roles()));
    if (who.responderId() != null) {
      claims.put("responderId", who.responderId());
    }
    JWTOptions options = new JWTOptions().setAlgorithm("HS256").setIssuer(config.jwtIssuer())
        .setSubject(who.username()).setExpiresInSeconds((int) config.jwtTtl().toSeconds());
    if (config.jwtAudience() != null) {
      options.addAudience(config.jwtAudience());
    }
    return new Issued(jwt.generateToken(claims, options), expiresAt);
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
      return Future.succeededFuture(new Principal(sub, names, responderId, expiresAt));
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

package org.crisisline.intake.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.crisisline.intake.IntakeConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Production mode: CRISISLINE_JWT_JWKS_URL points at an OpenID Connect provider's key set. Tokens
 * the provider signs (RS256, its issuer, our audience) are accepted with their roles; tokens of
 * another issuer or audience, or signed by another key, are not; local logins are off.
 */
class OidcJwksTest {
  private final Vertx vertx = Vertx.vertx();
  private HttpServer jwks;
  private KeyPair provider;
  private JWTAuth providerSigner;

  @BeforeEach
  void provider() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    provider = gen.generateKeyPair();
    RSAPublicKey pub = (RSAPublicKey) provider.getPublic();
    JsonObject jwk = new JsonObject().put("kty", "RSA").put("kid", "k1").put("alg", "RS256").put("use", "sig")
        .put("n", b64(pub.getModulus())).put("e", b64(pub.getPublicExponent()));
    byte[] body = new JsonObject().put("keys", new JsonArray().add(jwk)).encode().getBytes(StandardCharsets.UTF_8);
    jwks = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    jwks.createContext("/jwks", ex -> {
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    jwks.start();
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(provider.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----";
    providerSigner = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setId("k1").setBuffer(Buffer.buffer(pem))));
  }

  @AfterEach
  void stop() {
    jwks.stop(0);
    vertx.close();
  }

  private static String b64(BigInteger i) {
    byte[] bytes = i.toByteArray();
    if (bytes[0] == 0) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private String providerToken(String issuer, String audience) {
    return providerSigner.generateToken(new JsonObject().put("roles", new JsonArray().add("supervisor")),
        new JWTOptions().setAlgorithm("RS256").setIssuer(issuer).addAudience(audience).setSubject("sam")
            .setExpiresInSeconds(300).setHeader(new JsonObject().put("kid", "k1")));
  }

  private static Principal verify(TokenService tokens, String token) {
    try {
      return tokens.verify(token).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      return null;
    }
  }

  @Test
  void acceptsTheProvidersTokensAndNothingElse() {
    // Given intake configured with the provider's JWKS, issuer and audience
    IntakeConfig config = IntakeConfig.fromEnv(IntakeConfig.withRandomSecrets(Map.of(
        "CRISISLINE_JWT_JWKS_URL", "http://localhost:" + jwks.getAddress().getPort() + "/jwks",
        "CRISISLINE_JWT_ISSUER", "https://idp.example", "CRISISLINE_JWT_AUDIENCE", "crisisline-intake")));
    TokenService tokens = new TokenService(vertx, config);
    // Then local logins are off
    assertThat(tokens.issuing()).isFalse();
    // And the provider's token verifies with its roles
    Principal who = verify(tokens, providerToken("https://idp.example", "crisisline-intake"));
    assertThat(who).isNotNull();
    assertThat(who.username()).isEqualTo("sam");
    assertThat(who.roles()).containsExactly("supervisor");
    // And another issuer, another audience, or a locally signed token is refused
    assertThat(verify(tokens, providerToken("https://evil.example", "crisisline-intake"))).isNull();
    assertThat(verify(tokens, providerToken("https://idp.example", "someone-else"))).isNull();
    TokenService local = new TokenService(vertx, IntakeConfig.fromEnv(IntakeConfig.withRandomSecrets(Map.of(
        "CRISISLINE_DEMO_PASSWORD", "x",
        "CRISISLINE_JWT_ISSUER", "https://idp.example", "CRISISLINE_JWT_AUDIENCE", "crisisline-intake"))));
    assertThat(verify(tokens, local.issue(new Principal("mallory", java.util.List.of("admin"), null)).token())).isNull();
  }

  @Test
  void loginTokensSignedWithTheSharedSecretAreRefusedNextToOidcUnlessEnabled() {
    // Given intake with the provider's JWKS and demo accounts on, and a token signed with its JWT secret
    Map<String, String> env = new java.util.HashMap<>(IntakeConfig.withRandomSecrets(Map.of(
        "CRISISLINE_JWT_JWKS_URL", "http://localhost:" + jwks.getAddress().getPort() + "/jwks",
        "CRISISLINE_JWT_ISSUER", "https://idp.example", "CRISISLINE_JWT_AUDIENCE", "crisisline-intake",
        "CRISISLINE_DEMO_PASSWORD", "pw")));
    TokenService tokens = new TokenService(vertx, IntakeConfig.fromEnv(env));
    env.remove("CRISISLINE_JWT_JWKS_URL");
    String hs256 = new TokenService(vertx, IntakeConfig.fromEnv(env))
        .issue(new Principal("admin", java.util.List.of("admin"), null)).token();
    // Then intake neither issues nor accepts HS256 tokens
    assertThat(tokens.issuing()).isFalse();
    assertThat(verify(tokens, hs256)).isNull();
    // Unless CRISISLINE_LOGIN_TOKENS_WITH_OIDC=true turns them on explicitly
    env.put("CRISISLINE_JWT_JWKS_URL", "http://localhost:" + jwks.getAddress().getPort() + "/jwks");
    env.put("CRISISLINE_LOGIN_TOKENS_WITH_OIDC", "true");
    TokenService both = new TokenService(vertx, IntakeConfig.fromEnv(env));
    assertThat(both.issuing()).isTrue();
    assertThat(verify(both, hs256)).isNotNull();
  }

  @Test
  void aProviderTokenWithoutAudienceIsRefused() {
    // Given intake configured with the provider and an audience
    TokenService tokens = new TokenService(vertx, IntakeConfig.fromEnv(IntakeConfig.withRandomSecrets(Map.of(
        "CRISISLINE_JWT_JWKS_URL", "http://localhost:" + jwks.getAddress().getPort() + "/jwks",
        "CRISISLINE_JWT_ISSUER", "https://idp.example", "CRISISLINE_JWT_AUDIENCE", "crisisline-intake"))));
    // When the same provider's token names no audience at all, Then it is refused
    String noAudience = providerSigner.generateToken(new JsonObject().put("roles", new JsonArray().add("admin")),
        new JWTOptions().setAlgorithm("RS256").setIssuer("https://idp.example").setSubject("eve")
            .setExpiresInSeconds(300).setHeader(new JsonObject().put("kid", "k1")));
    assertThat(verify(tokens, noAudience)).isNull();
  }
}

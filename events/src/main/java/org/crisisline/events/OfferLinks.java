package org.crisisline.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed one-time links to an offer, for SMS and email handoffs ({@code /r/{token}}). The
 * notifier signs, intake verifies; both share {@code CRISISLINE_LINK_SECRET}. The token
 * carries no PII: offer, request, responder ids and the expiry, under HMAC-SHA256. One-time
 * use is enforced by whoever answers (an offer answers once); expiry and integrity here.
 */
public final class OfferLinks {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final Clock clock;

  public OfferLinks(String secret, Clock clock) {
    if (secret == null || secret.length() < 16) {
      throw new IllegalArgumentException("link secret must be at least 16 characters");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.clock = clock;
  }

  /** What a valid token vouches for. */
  public record Claims(String offerId, String requestId, String responderId, Instant expiresAt) {}

  public String sign(Claims claims) {
    String payload = String.join("|", claims.offerId(), claims.requestId(), claims.responderId(),
        Long.toString(claims.expiresAt().getEpochSecond()));
    String body = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    return body + "." + B64.encodeToString(mac(body));
  }

  /** The claims if the token is intact and unexpired; empty otherwise, never an exception. */
  public Optional<Claims> verify(String token) {
    if (token == null) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot == token.length() - 1) {
      return Optional.empty();
    }
    try {
      String body = token.substring(0, dot);
      byte[] given = B64D.decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(given, mac(body))) {
        return Optional.empty();
      }
      String[] parts = new String(B64D.decode(body), StandardCharsets.UTF_8).split("\\|", -1);
      if (parts.length != 4) {
        return Optional.empty();
      }
      Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[3]));
      if (!clock.instant().isBefore(expiresAt)) {
        return Optional.empty();
      }
      return Optional.of(new Claims(parts[0], parts[1], parts[2], expiresAt));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private byte[] mac(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}

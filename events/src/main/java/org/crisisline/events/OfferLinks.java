package org.crisisline.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed one-time links to an offer, for SMS and email handoffs ({@code /r/{token}}). The
 * notifier signs, intake verifies; both share {@code CRISISLINE_LINK_SECRET}. The token
 * carries no PII: only the offer id and the expiry, under HMAC-SHA256. Whoever verifies looks
 * the offer up to learn its request and responder (an offer is made to exactly one responder),
 * so the token does not repeat them. One-time use is enforced by whoever answers (an offer
 * answers once); expiry and integrity here.
 *
 * <p>The token must leave room for the rest of a 160-character SMS, so it is binary, then
 * base64url: a format byte, the offer id (16 bytes when it is a lower-case UUID, as
 * {@link Ids#newId()} makes them, otherwise its UTF-8 bytes), the expiry in epoch seconds as
 * 4 unsigned bytes (good until 2106), and the first 12 bytes of the HMAC over all of that.
 * A UUID offer gives a 44-character token. 96 bits of tag are plenty for a link that expires
 * within minutes and is verified online behind a rate limit.
 */
public final class OfferLinks {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final byte UUID_ID = 1;
  private static final byte TEXT_ID = 2;
  private static final int UUID_BYTES = 16;
  private static final int EXPIRY_BYTES = 4;
  private static final int TAG_BYTES = 12;

  private final SecretKeySpec key;
  private final Clock clock;

  public OfferLinks(String secret, Clock clock) {
    this(checked(secret).getBytes(StandardCharsets.UTF_8), clock);
  }

  private OfferLinks(byte[] key, Clock clock) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.clock = clock;
  }

  /**
   * Links to a page of an alert ({@code /a/{token}}), whose claims name the pageId. Signed under a
   * key of their own, HMAC(secret, "crisisline page links"), so a token made for an offer never
   * verifies as a page's, nor the other way round, although both name a UUID.
   */
  public static OfferLinks forPages(String secret, Clock clock) {
    return derived(secret, clock, "crisisline page links");
  }

  /**
   * Links for a service's intake contact to answer a referral ({@code /s/{token}}), whose claims
   * name the referral's offerId. Signed under a key of their own, HMAC(secret, "crisisline
   * referral links"), so a responder's offer link never verifies as a referral's, or the reverse.
   * They live longer than offer links: the same link records the outcome days later.
   */
  public static OfferLinks forReferrals(String secret, Clock clock) {
    return derived(secret, clock, "crisisline referral links");
  }

  private static OfferLinks derived(String secret, Clock clock, String purpose) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(checked(secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return new OfferLinks(mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8)), clock);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static String checked(String secret) {
    if (secret == null || secret.length() < 16) {
      throw new IllegalArgumentException("link secret must be at least 16 characters");
    }
    return secret;
  }

  /** What a valid token vouches for: this offer, until then. Expiry is kept to whole seconds. */
  public record Claims(String offerId, Instant expiresAt) {
    public Claims {
      if (offerId == null || offerId.isEmpty()) {
        throw new IllegalArgumentException("offerId is required");
      }
      long seconds = expiresAt.getEpochSecond();
      if (seconds < 0 || seconds > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("expiry out of range: " + expiresAt);
      }
      expiresAt = Instant.ofEpochSecond(seconds);
    }
  }

  public String sign(Claims claims) {
    byte[] payload = pack(claims);
    byte[] token = Arrays.copyOf(payload, payload.length + TAG_BYTES);
    System.arraycopy(tag(payload), 0, token, payload.length, TAG_BYTES);
    return B64.encodeToString(token);
  }

  /** The claims if the token is intact and unexpired; empty otherwise, never an exception. */
  public Optional<Claims> verify(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    try {
      byte[] raw = B64D.decode(token);
      if (raw.length < 1 + 1 + EXPIRY_BYTES + TAG_BYTES) {
        return Optional.empty();
      }
      byte[] payload = Arrays.copyOf(raw, raw.length - TAG_BYTES);
      byte[] given = Arrays.copyOfRange(raw, payload.length, raw.length);
      if (!MessageDigest.isEqual(given, tag(payload))) {
        return Optional.empty();
      }
      Optional<Claims> claims = unpack(payload);
      return claims.filter(c -> clock.instant().isBefore(c.expiresAt()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static byte[] pack(Claims claims) {
    UUID uuid = asCanonicalUuid(claims.offerId());
    byte[] id = uuid == null ? claims.offerId().getBytes(StandardCharsets.UTF_8)
        : ByteBuffer.allocate(UUID_BYTES).putLong(uuid.getMostSignificantBits())
            .putLong(uuid.getLeastSignificantBits()).array();
    return ByteBuffer.allocate(1 + id.length + EXPIRY_BYTES)
        .put(uuid == null ? TEXT_ID : UUID_ID)
        .put(id)
        .putInt((int) claims.expiresAt().getEpochSecond())
        .array();
  }

  private static Optional<Claims> unpack(byte[] payload) {
    ByteBuffer in = ByteBuffer.wrap(payload);
    byte format = in.get();
    int idLength = payload.length - 1 - EXPIRY_BYTES;
    String offerId;
    if (format == UUID_ID && idLength == UUID_BYTES) {
      offerId = new UUID(in.getLong(), in.getLong()).toString();
    } else if (format == TEXT_ID && idLength > 0) {
      byte[] id = new byte[idLength];
      in.get(id);
      offerId = new String(id, StandardCharsets.UTF_8);
    } else {
      return Optional.empty();
    }
    long expiry = Integer.toUnsignedLong(in.getInt());
    return Optional.of(new Claims(offerId, Instant.ofEpochSecond(expiry)));
  }

  /** The UUID if the id is one in its canonical lower-case form (so it round-trips exactly). */
  private static UUID asCanonicalUuid(String id) {
    if (id.length() != 36) {
      return null;
    }
    try {
      UUID uuid = UUID.fromString(id);
      return uuid.toString().equals(id) ? uuid : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private byte[] tag(byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return Arrays.copyOf(mac.doFinal(payload), TAG_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}

package org.crisisline.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Recognises a caller without their number: HMAC-SHA256, under a key of its own
 * ({@code CRISISLINE_CALLER_KEY}, base64 of 32 or more bytes; not the PII key, not the link key), of
 * the caller's phone in E.164 form (normalised by intake before it gets here). The result, base64url
 * without padding, travels on {@code help-requests} and is stored in the read model; without the
 * key it cannot be turned back into a number, nor checked against a guessed one.
 */
public final class CallerKeys {
  private final SecretKeySpec key;

  private CallerKeys(byte[] raw) {
    this.key = new SecretKeySpec(raw, "HmacSHA256");
  }

  /** Parses the key; throws IllegalArgumentException without echoing it. */
  public static CallerKeys fromBase64(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("CRISISLINE_CALLER_KEY is empty");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(spec.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("CRISISLINE_CALLER_KEY is not base64");
    }
    if (raw.length < 32) {
      throw new IllegalArgumentException("CRISISLINE_CALLER_KEY must be at least 32 bytes");
    }
    return new CallerKeys(raw);
  }

  /** A fresh random key, base64, for local runs and tests. */
  public static String generate() {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }

  /** The caller key of a phone already in E.164 form ({@code +} and digits); null stays null. */
  public String of(String e164) {
    if (e164 == null) {
      return null;
    }
    if (!e164.matches("\\+[1-9][0-9]{6,14}")) {
      throw new IllegalArgumentException("a caller key is made of an E.164 number");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] h = mac.doFinal(("caller-phone\0" + e164).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}

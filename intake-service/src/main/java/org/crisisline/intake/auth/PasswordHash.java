package org.crisisline.intake.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 from the JDK, random 16-byte salt. The plaintext password is hashed once at
 * start and then dropped; verification compares in constant time.
 */
public final class PasswordHash {
  private static final int ITERATIONS = 120_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] salt;
  private final byte[] hash;

  private PasswordHash(byte[] salt, byte[] hash) {
    this.salt = salt;
    this.hash = hash;
  }

  public static PasswordHash of(char[] password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return of(password, salt);
  }

  static PasswordHash of(char[] password, byte[] salt) {
    return new PasswordHash(salt.clone(), derive(password, salt));
  }

  /** The derived key, for tests that check it against a reference PBKDF2. */
  byte[] hash() {
    return hash.clone();
  }

  public boolean matches(char[] candidate) {
    return MessageDigest.isEqual(hash, derive(candidate, salt));
  }

  private static byte[] derive(char[] password, byte[] salt) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password, salt, ITERATIONS, 256);
      try {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      } finally {
        spec.clearPassword();
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2 unavailable", e);
    }
  }
}

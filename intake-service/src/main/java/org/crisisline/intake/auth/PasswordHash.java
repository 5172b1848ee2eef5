package org.crisisline.intake.auth;

import java.security.GeneralSecurityException;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 from the JDK at 120 000 iterations: the slow derivation behind the demo
 * accounts' passwords ({@link DemoAccounts#passwordFor}).
 */
final class PasswordHash {
  static final int ITERATIONS = 120_000;

  private PasswordHash() {}

  static byte[] derive(char[] password, byte[] salt, int bits) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password, salt, ITERATIONS, bits);
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

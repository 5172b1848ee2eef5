package org.crisisline.events;

import java.security.SecureRandom;
import java.util.UUID;

/** Identifiers: random UUIDs for ids, and short codes a responder can type in an SMS reply. */
public final class Ids {
  // No 0/O, 1/I/L: codes are read off a phone screen and typed back.
  private static final char[] CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  public static String newId() {
    return UUID.randomUUID().toString();
  }

  /** A 6-character offer code; unique enough among the offers outstanding at one time. */
  public static String offerCode() {
    char[] code = new char[6];
    for (int i = 0; i < code.length; i++) {
      code[i] = CODE_ALPHABET[RANDOM.nextInt(CODE_ALPHABET.length)];
    }
    return new String(code);
  }
}

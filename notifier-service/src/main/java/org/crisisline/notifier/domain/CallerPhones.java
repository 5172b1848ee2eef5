package org.crisisline.notifier.domain;

/**
 * A phone number as the SMS provider reports a sender ({@code From}), in the E.164 form intake
 * stored the caller's number in and hashed into the caller key: spaces, dots, dashes and brackets
 * dropped, then {@code +} and 7 to 15 digits, or nothing. The same reading as intake's caller
 * history search, so the same phone gives the same key on both sides.
 */
public final class CallerPhones {
  private CallerPhones() {}

  /** The E.164 form of {@code from}, or null when it is not one. */
  public static String e164(String from) {
    if (from == null) {
      return null;
    }
    String compact = from.replaceAll("[\\s().-]", "");
    return compact.matches("\\+[1-9][0-9]{6,14}") ? compact : null;
  }
}

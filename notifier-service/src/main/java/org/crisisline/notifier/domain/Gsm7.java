package org.crisisline.notifier.domain;

import java.text.Normalizer;

/**
 * The GSM 03.38 default alphabet: a message made only of these characters fits 160 per single
 * SMS; one other character switches the whole message to UCS-2 and 70 per SMS. Extension-table
 * characters count twice.
 */
public final class Gsm7 {
  private static final String BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String EXTENDED = "^{}\\[~]|€\f";

  public static final int SINGLE_SMS = 160;
  /** One SMS in UCS-2, the encoding of any text with a character outside the GSM-7 alphabet. */
  public static final int SINGLE_SMS_UCS2 = 70;

  private Gsm7() {}

  public static boolean isGsm7(String text) {
    return text.chars().allMatch(c -> BASIC.indexOf(c) >= 0 || EXTENDED.indexOf(c) >= 0);
  }

  /** Septets the text takes when encoded, or -1 if it is not GSM-7. */
  public static int septets(String text) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (BASIC.indexOf(c) >= 0) {
        n += 1;
      } else if (EXTENDED.indexOf(c) >= 0) {
        n += 2;
      } else {
        return -1;
      }
    }
    return n;
  }

  /** Replaces characters outside the alphabet (curly quotes, dashes, accents) so the SMS stays GSM-7. */
  public static String sanitize(String text) {
    String plain = Normalizer.normalize(text, Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "")
        .replace('\u2019', '\'').replace('\u2018', '\'')
        .replace('\u201C', '"').replace('\u201D', '"')
        .replace('\u2013', '-').replace('\u2014', '-');
    StringBuilder out = new StringBuilder(plain.length());
    plain.chars().forEach(c -> out.append(BASIC.indexOf(c) >= 0 || EXTENDED.indexOf(c) >= 0 ? (char) c : '?'));
    return out.toString();
  }

  /**
   * The text to send so it fits one SMS where it can: as written when it fits one in its own
   * encoding (GSM-7, or UCS-2 for a text with another character, such as a Spanish accent);
   * otherwise its GSM-7 form ({@link #sanitize}, accents dropped) when that fits 160; otherwise as
   * written, in several parts, rather than mangled.
   */
  public static String fitOneSms(String text) {
    int septets = septets(text);
    if (septets >= 0 ? septets <= SINGLE_SMS : text.length() <= SINGLE_SMS_UCS2) {
      return text;
    }
    String plain = sanitize(text);
    // A character sanitize could only turn into '?' (an emoji, another script) is not worth losing.
    boolean lossless = plain.chars().filter(c -> c == '?').count() == text.chars().filter(c -> c == '?').count();
    return septets < 0 && lossless && septets(plain) <= SINGLE_SMS ? plain : text;
  }
}

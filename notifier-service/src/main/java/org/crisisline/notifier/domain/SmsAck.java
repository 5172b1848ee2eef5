package org.crisisline.notifier.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A paged person's SMS acknowledgement: {@code ACK <code>}, any case, spaces (and the odd
 * punctuation a phone adds) tolerated around and between the two words. The two must be apart, so
 * "ACKNOWLEDGED" is not read as the code NOWLEDGED. Only the code is kept; whatever else the
 * message said is dropped.
 */
public record SmsAck(String code) {
  private static final Pattern ACK = Pattern.compile("^ACK[\\s,.!:;#-]+([A-Z0-9]{3,12})(?:[\\s,.!:;]+.*)?$",
      Pattern.DOTALL);

  public static Optional<SmsAck> parse(String body) {
    if (body == null) {
      return Optional.empty();
    }
    Matcher m = ACK.matcher(body.strip().toUpperCase(Locale.ROOT));
    return m.matches() ? Optional.of(new SmsAck(m.group(1))) : Optional.empty();
  }
}

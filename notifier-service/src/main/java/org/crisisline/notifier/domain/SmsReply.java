package org.crisisline.notifier.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * A responder's SMS answer: {@code YES <code>} or {@code NO <code>} (also Y/N, ACCEPT/DECLINE,
 * any case, extra words ignored). The code may be left out; the caller then decides whether the
 * sender has exactly one open offer it can mean.
 */
public record SmsReply(boolean accept, String offerCode) {

  public static Optional<SmsReply> parse(String body) {
    if (body == null) {
      return Optional.empty();
    }
    String[] words = body.trim().toUpperCase(Locale.ROOT).split("[\\s,.!:;]+");
    if (words.length == 0 || words[0].isEmpty()) {
      return Optional.empty();
    }
    Boolean accept = switch (words[0]) {
      case "YES", "Y", "ACCEPT", "OK" -> Boolean.TRUE;
      case "NO", "N", "DECLINE" -> Boolean.FALSE;
      default -> null;
    };
    if (accept == null) {
      return Optional.empty();
    }
    String code = words.length > 1 && words[1].matches("[A-Z0-9]{4,12}") ? words[1] : null;
    return Optional.of(new SmsReply(accept, code));
  }
}

package org.crisisline.notifier.domain;

import java.util.Locale;
import java.util.Set;

/**
 * The opt-out words carriers and SMS providers honour (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END,
 * QUIT, OPTOUT, REVOKE): an inbound SMS that is one of them, whatever its case, spacing and hyphens ("stop",
 * " Stop ", "STOP ALL", "opt-out") and with a trailing full stop or exclamation mark, withdraws the
 * sender's consent to caring messages. Anything longer is not an opt-out: "stop calling my
 * friend" is a sentence, not a command.
 */
public final class OptOutWords {
  public static final Set<String> WORDS =
      Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE");

  private OptOutWords() {}

  public static boolean isOptOut(String body) {
    if (body == null) {
      return false;
    }
    String word = body.replaceAll("[\\s-]+", "").replaceAll("[.!]+$", "").toUpperCase(Locale.ROOT);
    return WORDS.contains(word);
  }
}

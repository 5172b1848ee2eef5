package org.crisisline.intake.domain;

import java.util.Arrays;

/**
 * What a cancel, decline or complete body says: a code (what routing and the timeline see) and
 * the person's own words (sealed before they leave intake). Older clients sent only free text, in
 * {@code reason} (cancel, decline) or {@code outcome} (complete): a {@code reason} that names a
 * code is that code; any other text becomes the note, with the code {@code OTHER}.
 *
 * @param code the code, or null when the body gave none and no text
 * @param note free text to seal, or null
 */
public record ClosingWords<E extends Enum<E>>(E code, String note) {
  public static final int MAX_NOTE = 1000;
  private static final int MAX_LEGACY = 200;

  /** Cancel and decline: {@code reason} (a code, or legacy free text) and {@code note}. */
  public static <E extends Enum<E>> ClosingWords<E> reason(byte[] body, Class<E> type) {
    if (body == null || body.length == 0) {
      return new ClosingWords<>(null, null);
    }
    Fields f = Fields.of(Json.parseObject(body), "reason", "note");
    String reason = f.string("reason", false, 1, MAX_LEGACY, null);
    String note = f.string("note", false, 1, MAX_NOTE, null);
    f.check();
    E code = reason == null ? null : named(type, reason);
    if (reason != null && code == null) {
      if (note != null) {
        throw InvalidInput.of("reason", "must be one of " + Arrays.toString(type.getEnumConstants()) + " when a note is given");
      }
      return new ClosingWords<>(other(type), reason);
    }
    return new ClosingWords<>(code == null && note != null ? other(type) : code, note);
  }

  /** Complete: {@code disposition} (a code), {@code note}, or the legacy {@code outcome} text. */
  public static <E extends Enum<E>> ClosingWords<E> disposition(byte[] body, Class<E> type) {
    if (body == null || body.length == 0) {
      return new ClosingWords<>(null, null);
    }
    Fields f = Fields.of(Json.parseObject(body), "disposition", "note", "outcome");
    E code = f.enumValue("disposition", type, false);
    String note = f.string("note", false, 1, MAX_NOTE, null);
    String outcome = f.string("outcome", false, 1, MAX_LEGACY, null);
    if (note != null && outcome != null) {
      f.error("outcome", "is the older name of note: send one of them");
    }
    f.check();
    String text = note != null ? note : outcome;
    return new ClosingWords<>(code == null && text != null ? other(type) : code, text);
  }

  private static <E extends Enum<E>> E named(Class<E> type, String s) {
    return Arrays.stream(type.getEnumConstants()).filter(e -> e.name().equals(s)).findFirst().orElse(null);
  }

  private static <E extends Enum<E>> E other(Class<E> type) {
    return Enum.valueOf(type, "OTHER");
  }
}

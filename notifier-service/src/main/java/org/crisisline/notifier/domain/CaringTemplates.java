package org.crisisline.notifier.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The texts a caller may receive: the caring message of a follow-up ({@code caring-sms.<lang>.txt})
 * and the confirmation of their opt-out ({@code stop-confirmation.<lang>.txt}), in the caller's
 * language. Shipped in {@code templates/caring/} for {@code en} and {@code es}; an operator may put
 * files of the same names in a directory of their own ({@code CRISISLINE_CARING_TEMPLATES_DIR}),
 * which wins and is read at every message, so a new wording or language needs neither a rebuild nor
 * a restart. Lookup for a language tag such as {@code es-MX}: {@code es-mx}, then {@code es}, then
 * {@link #FALLBACK}; at each, the operator's file before the shipped one. The texts carry no
 * placeholder: nothing about the person or their call goes in, so a message read over someone's
 * shoulder says only that the line is there for them, and how to stop.
 */
public final class CaringTemplates {
  public static final String FALLBACK = "en";
  static final String CARING = "caring-sms";
  static final String STOP_CONFIRMATION = "stop-confirmation";

  private final Path overrides;

  /** {@code overrides}: the operator's directory, or null for the shipped texts alone. */
  public CaringTemplates(Path overrides) {
    this.overrides = overrides;
    // Fail at start, not at the first caller: the fallback must exist.
    text(CARING, FALLBACK);
    text(STOP_CONFIRMATION, FALLBACK);
  }

  /** The caring message for a caller speaking {@code language} (null or unknown: the fallback). */
  public String caring(String language) {
    return text(CARING, language);
  }

  /** The opt-out confirmation for a caller speaking {@code language} (null or unknown: the fallback). */
  public String stopConfirmation(String language) {
    return text(STOP_CONFIRMATION, language);
  }

  String text(String kind, String language) {
    for (String lang : candidates(language)) {
      Optional<String> found = operators(kind, lang).or(() -> shipped(kind, lang));
      if (found.isPresent()) {
        return Gsm7.fitOneSms(found.get());
      }
    }
    throw new IllegalStateException("no " + kind + " template, not even templates/caring/" + kind + "." + FALLBACK + ".txt");
  }

  /** {@code es-MX} → [es-mx, es, en]; anything not shaped like a language tag counts as unknown. */
  static List<String> candidates(String language) {
    List<String> out = new ArrayList<>();
    String tag = language == null ? "" : language.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    if (tag.matches("[a-z]{2,3}(-[a-z0-9]{2,8})*")) {
      out.add(tag);
      String primary = tag.contains("-") ? tag.substring(0, tag.indexOf('-')) : tag;
      if (!out.contains(primary)) {
        out.add(primary);
      }
    }
    if (!out.contains(FALLBACK)) {
      out.add(FALLBACK);
    }
    return out;
  }

  private Optional<String> operators(String kind, String lang) {
    if (overrides == null) {
      return Optional.empty();
    }
    Path file = overrides.resolve(kind + "." + lang + ".txt");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return usable(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read caring template " + file, e);
    }
  }

  private static Optional<String> shipped(String kind, String lang) {
    String path = "templates/caring/" + kind + "." + lang + ".txt";
    try (InputStream in = CaringTemplates.class.getClassLoader().getResourceAsStream(path)) {
      return in == null ? Optional.empty() : usable(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read template " + path, e);
    }
  }

  /** One message: lines joined by spaces; an empty file counts as none. */
  private static Optional<String> usable(String text) {
    String joined = text.strip().replaceAll("\\s*\\R\\s*", " ");
    return joined.isEmpty() ? Optional.empty() : Optional.of(joined);
  }
}

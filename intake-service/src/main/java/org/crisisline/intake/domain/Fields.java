package org.crisisline.intake.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads fields of one JSON object and collects every error instead of stopping at the first,
 * so a problem response lists all the fields at fault. Unknown fields are errors too.
 */
public final class Fields {
  /** ISO 639-1 two-letter codes as the JDK knows them. */
  public static final Set<String> ISO_639_1 = Arrays.stream(Locale.getISOLanguages())
      .filter(l -> l.length() == 2).collect(Collectors.toUnmodifiableSet());
  private static final Pattern EMAIL =
      Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

  private final JsonNode node;
  private final String prefix;
  private final List<FieldError> errors;

  public Fields(JsonNode node, String prefix, List<FieldError> errors, String... allowed) {
    this.node = node;
    this.prefix = prefix;
    this.errors = errors;
    Set<String> known = Set.of(allowed);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        errors.add(new FieldError(path(name), "unknown field"));
      }
    }
  }

  public static Fields of(JsonNode node, String... allowed) {
    return new Fields(node, "", new ArrayList<>(), allowed);
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** Throws {@link InvalidInput} if any field was at fault. */
  public void check() {
    if (!errors.isEmpty()) {
      throw new InvalidInput(errors);
    }
  }

  public String path(String name) {
    return prefix.isEmpty() ? name : prefix + "." + name;
  }

  public void error(String name, String message) {
    errors.add(new FieldError(path(name), message));
  }

  public boolean has(String name) {
    JsonNode v = node.get(name);
    return v != null && !v.isNull();
  }

  public String string(String name, boolean required, int min, int max, Pattern pattern) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      if (required) {
        error(name, "is required");
      }
      return null;
    }
    if (!v.isTextual()) {
      error(name, "must be a string");
      return null;
    }
    String s = v.textValue();
    if (s.length() < min || s.length() > max) {
      error(name, "length must be " + min + ".." + max);
      return null;
    }
    if (s.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
      error(name, "must not contain control characters");
      return null;
    }
    if (pattern != null && !pattern.matcher(s).matches()) {
      error(name, "must match " + pattern.pattern());
      return null;
    }
    return s;
  }

  public <E extends Enum<E>> E enumValue(String name, Class<E> type, boolean required) {
    String s = string(name, required, 1, 64, null);
    return s == null ? null : parseEnum(name, type, s);
  }

  public <E extends Enum<E>> E parseEnum(String name, Class<E> type, String s) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(s)) {
        return e;
      }
    }
    error(name, "must be one of " + Arrays.toString(type.getEnumConstants()));
    return null;
  }

  public Integer integer(String name, boolean required, int min, int max) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      if (required) {
        error(name, "is required");
      }
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      error(name, "must be an integer");
      return null;
    }
    int i = v.intValue();
    if (i < min || i > max) {
      error(name, "must be " + min + ".." + max);
      return null;
    }
    return i;
  }

  public Boolean bool(String name, boolean required) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      if (required) {
        error(name, "is required");
      }
      return null;
    }
    if (!v.isBoolean()) {
      error(name, "must be true or false");
      return null;
    }
    return v.booleanValue();
  }

  /** A list of unique strings each accepted by {@code item}; null when absent. */
  public List<String> strings(String name, boolean required, int minItems, int maxItems, int maxLength,
      Predicate<String> item, String itemRule) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      if (required) {
        error(name, "is required");
      }
      return null;
    }
    if (!v.isArray()) {
      error(name, "must be an array");
      return null;
    }
    if (v.size() < minItems || v.size() > maxItems) {
      error(name, "must have " + minItems + ".." + maxItems + " items");
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isTextual() || e.textValue().length() > maxLength || !item.test(e.textValue())) {
        error(name + "[" + i + "]", itemRule);
      } else if (!out.add(e.textValue())) {
        error(name + "[" + i + "]", "duplicate");
      }
    }
    return List.copyOf(out);
  }

  /** A nested object's fields, or null (with an error if required or not an object). */
  public Fields object(String name, boolean required, String... allowed) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      if (required) {
        error(name, "is required");
      }
      return null;
    }
    if (!v.isObject()) {
      error(name, "must be an object");
      return null;
    }
    return new Fields(v, path(name), errors, allowed);
  }

  public JsonNode raw(String name) {
    return node.get(name);
  }

  public static boolean isLanguage(String s) {
    return ISO_639_1.contains(s);
  }

  public static boolean isEmail(String s) {
    return s.length() <= 254 && EMAIL.matcher(s).matches();
  }
}

package org.crisisline.intake.directory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.ReferralKind;
import org.crisisline.intake.domain.FieldError;
import org.crisisline.intake.domain.Fields;
import org.crisisline.intake.domain.InvalidInput;
import org.crisisline.intake.domain.RequestValidator;

/**
 * A directory search, from GET /api/v1/directory/search's query parameters. {@code q}, {@code kind}
 * and {@code age} are hard filters (a service that fails one is never shown); area ({@code region}
 * or {@code postalCode}), {@code language}, {@code openNow} and {@code hasCapacity} are soft: a
 * service that fails one may fill the list when too few meet them all, and says which it relaxed.
 * {@code age} is a whole age band (e.g. YOUTH, which the service must take entirely, as routing
 * reads it) or one age in years. Every bad or unknown parameter is named.
 */
public record DirectoryQuery(String q, Set<ReferralKind> kinds, String region, String postalCode, String language,
    Integer minAge, Integer maxAge, boolean openNow, boolean hasCapacity, int limit) {
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;
  private static final int Q_MAX = 100;
  private static final Set<String> KNOWN = Set.of("q", "kind", "region", "postalCode", "language", "age", "openNow",
      "hasCapacity", "limit");

  public DirectoryQuery {
    kinds = kinds == null || kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
  }

  /** Whether an age (band or years) was asked for. */
  public boolean hasAge() {
    return minAge != null;
  }

  /** The postal code as prefixes are compared: upper case, no spaces; empty when none. */
  public String compactPostalCode() {
    return postalCode == null ? "" : postalCode.replace(" ", "").toUpperCase(Locale.ROOT);
  }

  public boolean hasArea() {
    return region != null || postalCode != null;
  }

  /** @param params each parameter's values as sent (a repeated parameter has several) */
  public static DirectoryQuery parse(Map<String, List<String>> params) {
    List<FieldError> errors = new ArrayList<>();
    params.keySet().stream().filter(k -> !KNOWN.contains(k)).sorted()
        .forEach(k -> errors.add(new FieldError(k, "unknown parameter")));
    String q = single(params, "q", errors);
    if (q != null) {
      q = q.strip();
      if (q.length() > Q_MAX) {
        errors.add(new FieldError("q", "at most " + Q_MAX + " characters"));
      }
      q = q.isEmpty() ? null : q;
    }
    Set<ReferralKind> kinds = EnumSet.noneOf(ReferralKind.class);
    for (String k : params.getOrDefault("kind", List.of())) {
      try {
        kinds.add(ReferralKind.valueOf(k));
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("kind", "must be one of " + List.of(ReferralKind.values())));
      }
    }
    String region = single(params, "region", errors);
    if (region != null && !RequestValidator.REGION.matcher(region).matches()) {
      errors.add(new FieldError("region", "must match " + RequestValidator.REGION.pattern()));
    }
    String postal = single(params, "postalCode", errors);
    if (postal != null && !RequestValidator.POSTAL.matcher(postal).matches()) {
      errors.add(new FieldError("postalCode", "must match " + RequestValidator.POSTAL.pattern()));
    }
    String language = single(params, "language", errors);
    if (language != null && !Fields.isLanguage(language)) {
      errors.add(new FieldError("language", "must be an ISO 639-1 code"));
    }
    Integer[] ages = age(single(params, "age", errors), errors);
    boolean openNow = bool(params, "openNow", errors);
    boolean hasCapacity = bool(params, "hasCapacity", errors);
    int limit = DEFAULT_LIMIT;
    String l = single(params, "limit", errors);
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        errors.add(new FieldError("limit", "must be an integer 1.." + MAX_LIMIT));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidInput(errors);
    }
    return new DirectoryQuery(q, kinds, region, postal, language, ages[0], ages[1], openNow, hasCapacity, limit);
  }

  private static String single(Map<String, List<String>> params, String name, List<FieldError> errors) {
    List<String> values = params.getOrDefault(name, List.of());
    if (values.size() > 1) {
      errors.add(new FieldError(name, "give it once"));
    }
    return values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
  }

  private static boolean bool(Map<String, List<String>> params, String name, List<FieldError> errors) {
    String v = single(params, name, errors);
    if (v == null || v.equals("false")) {
      return false;
    }
    if (!v.equals("true")) {
      errors.add(new FieldError(name, "must be true or false"));
    }
    return true;
  }

  /** An age band's bounds, or one age as both bounds; {null, null} when not given. */
  private static Integer[] age(String v, List<FieldError> errors) {
    if (v == null) {
      return new Integer[] {null, null};
    }
    if (v.chars().allMatch(Character::isDigit) && v.length() <= 3) {
      int years = Integer.parseInt(v);
      if (years <= 120) {
        return new Integer[] {years, years};
      }
    } else {
      try {
        AgeGroup band = AgeGroup.valueOf(v.toUpperCase(Locale.ROOT));
        return new Integer[] {band.minAge(), band.maxAge()};
      } catch (IllegalArgumentException e) {
        // reported below
      }
    }
    errors.add(new FieldError("age", "must be an age 0..120 or one of " + List.of(AgeGroup.values())));
    return new Integer[] {null, null};
  }
}

package org.crisisline.routing.market;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Checks effective policy settings against {@link PolicySchema}: every key known, every value
 * well formed, backups and the emergency region among {@code regions}. Collects every problem,
 * so one start-up names them all. Plain Java.
 */
public final class PolicyValidator {
  private PolicyValidator() {}

  /** A policy that cannot be used; the message names each bad key and where it was set. */
  public static final class InvalidPolicyException extends IllegalArgumentException {
    private final List<String> problems;

    InvalidPolicyException(List<String> problems) {
      super("invalid routing policy: " + String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  /**
   * Throws {@link InvalidPolicyException} unless every setting is valid. {@code sourceOf} says
   * where a key was set (a file name), for the message.
   */
  public static void validate(SortedMap<String, String> settings, Map<String, String> sourceOf) {
    List<String> problems = problems(settings, sourceOf);
    if (!problems.isEmpty()) {
      throw new InvalidPolicyException(problems);
    }
  }

  /** Every problem of these settings, one line each; empty when they are valid. */
  public static List<String> problems(SortedMap<String, String> settings, Map<String, String> sourceOf) {
    List<String> regions = PolicySchema.csv(settings.getOrDefault("regions", ""));
    PolicySchema.Settings ctx = () -> regions;
    List<String> problems = new ArrayList<>();
    settings.forEach((key, value) -> {
      String where = " (" + sourceOf.getOrDefault(key, "?") + ")";
      Optional<PolicySchema.Rule> rule = PolicySchema.ruleFor(key, ctx);
      if (rule.isEmpty()) {
        problems.add(key.startsWith("backup.")
            ? "'" + key + "': region '" + key.substring("backup.".length()) + "' is not one of regions " + regions + where
            : "unknown key '" + key + "'" + where);
        return;
      }
      rule.get().value().problem(value, ctx)
          .ifPresent(p -> problems.add("'" + key + "' = '" + value + "': " + p + where));
    });
    return problems;
  }
}

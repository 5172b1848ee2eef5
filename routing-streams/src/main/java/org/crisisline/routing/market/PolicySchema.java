package org.crisisline.routing.market;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.crisisline.events.Need;
import org.crisisline.events.Urgency;

/**
 * Every key the routing policy knows, with the form of its value: the one place a new key is
 * added (a later {@code page.<URGENCY>} is one more {@link #RULES} line). Plain Java; the checks
 * are run by {@link PolicyValidator}.
 */
public final class PolicySchema {
  /** A region id, as intake accepts it in a request. */
  public static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  /** A pool or specialty name. */
  public static final Pattern NAME = Pattern.compile("[A-Z_]+");

  /** What may follow a key's prefix. */
  public enum Suffix {
    /** An exact key: nothing follows. */
    NONE(s -> Set.of()),
    /** {@code <prefix>.<URGENCY>}. */
    URGENCY(s -> names(Urgency.values())),
    /** {@code <prefix>.<NEED>}. */
    NEED(s -> names(Need.values())),
    /** {@code <prefix>.<region>}, the region one of {@code regions}. */
    REGION(s -> Set.copyOf(s.regions()));

    private final Function<Settings, Set<String>> allowed;

    Suffix(Function<Settings, Set<String>> allowed) {
      this.allowed = allowed;
    }

    Set<String> allowed(Settings s) {
      return allowed.apply(s);
    }
  }

  /** The form of a value; {@link #problem} says what is wrong with one, or nothing. */
  public interface Value {
    Optional<String> problem(String value, Settings settings);
  }

  /** The effective settings a value may be checked against (the regions, for backups). */
  public interface Settings {
    List<String> regions();
  }

  /** A key ({@code suffix == NONE}) or a family of keys {@code <key>.<suffix>}. */
  public record Rule(String key, Suffix suffix, Value value) {
    /** The key as documentation shows it, e.g. {@code sla.<URGENCY>}. */
    public String pattern() {
      return suffix == Suffix.NONE ? key : key + ".<" + suffix.name().toLowerCase() + ">";
    }
  }

  public static final Value POSITIVE_SECONDS = integer(1, "a positive number of seconds");
  public static final Value SECONDS = integer(0, "a number of seconds >= 0");
  public static final Value MILLIS = integer(0, "a number of milliseconds >= 0");
  public static final Value POOL = (v, s) -> NAME.matcher(v).matches() ? Optional.empty()
      : Optional.of("not a pool name ([A-Z_]+)");
  public static final Value NAMES = (v, s) -> csv(v).stream().allMatch(n -> NAME.matcher(n).matches())
      ? Optional.empty() : Optional.of("not a comma list of names ([A-Z_]+)");
  public static final Value REGIONS = (v, s) -> {
    List<String> r = csv(v);
    if (r.isEmpty()) {
      return Optional.of("no region");
    }
    List<String> bad = r.stream().filter(x -> !REGION.matcher(x).matches()).toList();
    return bad.isEmpty() ? Optional.empty() : Optional.of("not region ids ([a-z0-9-]): " + bad);
  };
  public static final Value A_REGION = (v, s) -> s.regions().contains(v) ? Optional.empty()
      : Optional.of("'" + v + "' is not one of regions " + s.regions());
  public static final Value NO_REGION_OR_A_REGION = (v, s) -> v.isEmpty() ? Optional.empty() : A_REGION.problem(v, s);
  public static final Value COUNT = integer(0, "a whole number >= 0");
  public static final Value POSITIVE_COUNT = integer(1, "a whole number >= 1");
  /** Schedule ids as intake saves them: no blanks around, at most 64 characters (a comma ends one). */
  public static final Value SCHEDULE_IDS = (v, s) -> {
    List<String> ids = csv(v);
    if (ids.isEmpty()) {
      return Optional.of("no schedule id");
    }
    return ids.stream().allMatch(id -> id.length() <= 64) ? Optional.empty()
        : Optional.of("a schedule id is longer than 64 characters");
  };

  /** Follow-up delays such as {@code 24h,72h,7d} (units s, m, h, d); empty: no follow-up. */
  public static final Value DELAYS = (v, s) -> org.crisisline.routing.rules.FollowUpPlan.problem(v);
  /** One delay such as {@code 4h}. */
  public static final Value DELAY = (v, s) -> PolicySchema.csv(v).size() != 1 ? Optional.of("not one delay such as 4h")
      : org.crisisline.routing.rules.FollowUpPlan.problem(v);

  /** {@code true} or {@code false}. */
  public static final Value BOOLEAN = (v, s) -> v.equals("true") || v.equals("false") ? Optional.empty()
      : Optional.of("not true or false");

  /** The policy's keys. Add a key here (and its default in routing-policy.properties). */
  public static final List<Rule> RULES = List.of(
      new Rule("offer.timeout", Suffix.URGENCY, POSITIVE_SECONDS),
      new Rule("offer.parallel", Suffix.URGENCY, POSITIVE_COUNT),
      new Rule("sla", Suffix.URGENCY, POSITIVE_SECONDS),
      new Rule("aging", Suffix.URGENCY, SECONDS),
      new Rule("ttl", Suffix.URGENCY, POSITIVE_SECONDS),
      new Rule("ttl.accepted", Suffix.NONE, POSITIVE_SECONDS),
      new Rule("retain.terminal", Suffix.NONE, POSITIVE_SECONDS),
      new Rule("referral.retry", Suffix.NONE, POSITIVE_SECONDS),
      new Rule("referral.ack.timeout", Suffix.NONE, POSITIVE_SECONDS),
      new Rule("referral.outcome.window", Suffix.NONE, POSITIVE_SECONDS),
      new Rule("snapshot.refresh", Suffix.NONE, POSITIVE_SECONDS),
      new Rule("snapshot.min.interval.millis", Suffix.NONE, MILLIS),
      new Rule("specialty.relax.after", Suffix.NONE, SECONDS),
      new Rule("specialties", Suffix.NONE, NAMES),
      new Rule("pool", Suffix.NEED, POOL),
      new Rule("pool.imminent", Suffix.NONE, POOL),
      new Rule("regions", Suffix.NONE, REGIONS),
      new Rule("backup", Suffix.REGION, NO_REGION_OR_A_REGION),
      new Rule("emergency.region", Suffix.NONE, NO_REGION_OR_A_REGION),
      new Rule("page.steps", Suffix.NONE, SCHEDULE_IDS),
      new Rule("page.ack.timeout", Suffix.NONE, POSITIVE_SECONDS),
      new Rule("page.repeat", Suffix.NONE, COUNT),
      new Rule("page.after.misses", Suffix.NONE, POSITIVE_COUNT),
      new Rule("followup.plan", Suffix.URGENCY, DELAYS),
      new Rule("followup.attempts", Suffix.NONE, POSITIVE_COUNT),
      new Rule("followup.retry", Suffix.NONE, DELAY),
      new Rule("followup.message", Suffix.NONE, BOOLEAN));

  private PolicySchema() {}

  /** The rule a key falls under, if any: an exact key first, then a family whose suffix fits. */
  public static Optional<Rule> ruleFor(String key, Settings settings) {
    for (Rule r : RULES) {
      if (r.suffix() == Suffix.NONE && r.key().equals(key)) {
        return Optional.of(r);
      }
    }
    for (Rule r : RULES) {
      if (r.suffix() != Suffix.NONE && key.startsWith(r.key() + ".")
          && r.suffix().allowed(settings).contains(key.substring(r.key().length() + 1))) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** The trimmed, non-empty items of a comma list. */
  public static List<String> csv(String v) {
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static Value integer(long min, String what) {
    return (v, s) -> {
      try {
        return Long.parseLong(v) >= min ? Optional.empty() : Optional.of("not " + what);
      } catch (NumberFormatException e) {
        return Optional.of("not " + what);
      }
    };
  }

  private static Set<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).collect(Collectors.toUnmodifiableSet());
  }
}

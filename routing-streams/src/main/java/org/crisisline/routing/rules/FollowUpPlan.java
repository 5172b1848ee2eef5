package org.crisisline.routing.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crisisline.events.Urgency;

/**
 * When a person who consented to be contacted hears from a peer after their request ended
 * ("caring contacts"): {@code followup.plan.<URGENCY>} lists the delays after the end, such as
 * {@code 24h,72h,7d}; an urgency without a plan gets no follow-up. A delay is a whole number
 * followed by its unit: {@code s}, {@code m}, {@code h} or {@code d}.
 */
public final class FollowUpPlan {
  private final Map<Urgency, List<Duration>> delays;

  public FollowUpPlan(Map<Urgency, List<Duration>> delays) {
    this.delays = new EnumMap<>(Urgency.class);
    delays.forEach((u, d) -> this.delays.put(u, d.stream().sorted().toList()));
  }

  /** When each follow-up of a request of {@code urgency} that ended at {@code endedAt} is due, earliest first. */
  public List<Instant> dueTimes(Urgency urgency, Instant endedAt) {
    List<Instant> due = new ArrayList<>();
    delays.getOrDefault(urgency, List.of()).forEach(d -> due.add(endedAt.plus(d)));
    return due;
  }

  /** The longest delay of any urgency's plan (zero when no urgency has one). */
  public Duration longest() {
    return delays.values().stream().flatMap(List::stream).max(Duration::compareTo).orElse(Duration.ZERO);
  }

  /** The delays of a plan value ({@code 24h,72h,7d}); an empty value is no plan. */
  public static List<Duration> parseDelays(String value) {
    List<Duration> out = new ArrayList<>();
    for (String item : value.split(",")) {
      if (!item.isBlank()) {
        out.add(parseDelay(item.trim()));
      }
    }
    return out;
  }

  /** One positive delay such as {@code 4h}; throws {@link IllegalArgumentException} naming what is wrong. */
  public static Duration parseDelay(String value) {
    String v = value.trim();
    if (v.length() < 2) {
      throw new IllegalArgumentException("'" + value + "' is not a delay such as 24h (units s, m, h, d)");
    }
    long n;
    try {
      n = Long.parseLong(v.substring(0, v.length() - 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + value + "' is not a delay such as 24h (units s, m, h, d)");
    }
    if (n <= 0) {
      throw new IllegalArgumentException("'" + value + "' is not a positive delay");
    }
    return switch (v.charAt(v.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      default -> throw new IllegalArgumentException("'" + value + "' has no unit s, m, h or d");
    };
  }

  /** What is wrong with a plan value, if anything (for policy validation). */
  public static Optional<String> problem(String value) {
    try {
      parseDelays(value);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }
}

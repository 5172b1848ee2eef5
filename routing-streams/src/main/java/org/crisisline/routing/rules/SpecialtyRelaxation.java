package org.crisisline.routing.rules;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.crisisline.events.Urgency;

/**
 * How long a specialty preference is honoured. A request asking for specialties routing knows
 * ({@code specialties} in {@code routing-policy.properties}; unknown ones are ignored rather than
 * block it) waits for a responder with one of them for {@code specialty.relax.after} (120 s by
 * default); after that, or at its first SLA breach if sooner ({@link EscalationLadder}), any
 * responder of the pool may take it. Imminent risk never waits for a specialist
 * ({@link ImminentRiskPolicy#honoursSpecialtyPreference}).
 */
public final class SpecialtyRelaxation {
  private final Set<String> known;
  private final Duration after;
  private final ImminentRiskPolicy imminentRisk;

  public SpecialtyRelaxation(Collection<String> knownSpecialties, Duration after, ImminentRiskPolicy imminentRisk) {
    this.known = knownSpecialties.stream().map(s -> s.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    this.after = after;
    this.imminentRisk = imminentRisk;
  }

  public boolean knows(String specialty) {
    return specialty != null && known.contains(specialty.toUpperCase(Locale.ROOT));
  }

  /** Specialties still required: the known ones asked for (upper case), until relaxed. */
  public List<String> required(Urgency urgency, List<String> asked, boolean relaxed) {
    if (relaxed || !imminentRisk.honoursSpecialtyPreference(urgency)) {
      return List.of();
    }
    return asked.stream().filter(this::knows).map(s -> s.toUpperCase(Locale.ROOT)).distinct().toList();
  }

  /** How long the preference is honoured. */
  public Duration after() {
    return after;
  }

  /** When a request logged at {@code loggedAt} (epoch millis) stops waiting for a specialist. */
  public long relaxAt(long loggedAt) {
    return loggedAt + after.toMillis();
  }
}

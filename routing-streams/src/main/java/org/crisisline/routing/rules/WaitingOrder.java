package org.crisisline.routing.rules;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.crisisline.events.Urgency;

/**
 * The order waiting requests are served in: by a fixed key, smallest first.
 *
 * <p>The key is {@code loggedAt + aging(urgency)}: urgency first within the aging allowance, then
 * by wait. That is what keeps LOW from starving: a LOW request logged 15 minutes (its allowance,
 * {@code aging.LOW}) before a HIGH one sorts ahead of it. Imminent risk sorts ahead of everything
 * ({@link ImminentRiskPolicy#goesFirst}). The key never changes while a request waits, so an
 * ordered set keeps the order with no re-sorting as time passes.
 */
public final class WaitingOrder {
  /** Far more than any aging allowance: an imminent-risk request sorts before every other one. */
  static final long AHEAD_OF_EVERYONE = 1_000_000_000_000_000L;

  private final Map<Urgency, Duration> aging;
  private final ImminentRiskPolicy imminentRisk;

  /** @param aging the allowance per urgency; a missing urgency has none */
  public WaitingOrder(Map<Urgency, Duration> aging, ImminentRiskPolicy imminentRisk) {
    this.aging = new EnumMap<>(Urgency.class);
    this.aging.putAll(aging);
    this.imminentRisk = imminentRisk;
  }

  /** The sort key of a request of this urgency logged at {@code loggedAt} (epoch millis). */
  public long key(Urgency urgency, long loggedAt) {
    if (imminentRisk.goesFirst(urgency)) {
      return loggedAt - AHEAD_OF_EVERYONE;
    }
    return loggedAt + aging.getOrDefault(urgency, Duration.ZERO).toMillis();
  }
}

package org.crisisline.routing.market;

import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * When an IMMINENT_RISK request raises an alert without waiting for its SLA:
 * <ul>
 *   <li>{@link #nobodyCanTakeIt}: on arrival it could not be offered in its region, and nobody in
 *       the imminent pool of its backup region or of the emergency pool's region could take it
 *       either;</li>
 *   <li>{@link #missedTooOften}: {@code page.after.misses} distinct responders declined or missed
 *       its offers (timed out, or every channel failed).</li>
 * </ul>
 * The third trigger, the escalation ladder's supervisor-alert rung, is in {@link Timers}.
 *
 * <p>Routing is partitioned by region: the backup or emergency region may be another task's. When
 * this engine holds that market it answers exactly ({@link Market#bestResponderFor}: pool,
 * language, capacity, exclusions). Otherwise it asks {@link PoolsElsewhere}, which reads the
 * latest {@code queue-snapshots} record of that pool: "someone AVAILABLE there" (their status,
 * not their language or spare capacity; at most {@code snapshot.min.interval.millis} plus a commit
 * old, refreshed every {@code snapshot.refresh}). Its errors are one-sided and bounded: it may
 * see someone who cannot in fact take the request and not page at once, and then the request is
 * offered there at its SLA breach (rollover, emergency pool) or the ladder's alert rung pages;
 * a pool with no snapshot counts as nobody, so it never holds a page back for a region it knows
 * nothing of.
 */
final class AlertTriggers {
  private final RoutingPolicy policy;
  private final Function<String, Market> localMarkets;
  private final PoolsElsewhere elsewhere;

  /** {@code localMarkets}: the markets this engine holds, by region (null when not held here). */
  AlertTriggers(RoutingPolicy policy, Function<String, Market> localMarkets, PoolsElsewhere elsewhere) {
    this.policy = policy;
    this.localMarkets = localMarkets;
    this.elsewhere = elsewhere;
  }

  /** A just-arrived request still waiting in {@code home}: may nobody take it there, in backup or emergency? */
  boolean nobodyCanTakeIt(Market home, RequestState s) {
    if (!policy.imminentRisk().appliesTo(s.urgency()) || !s.isWaiting() || home.bestResponderFor(s) != null) {
      return false;
    }
    Optional<String> emergency = policy.emergencyRegion().filter(e -> !e.equals(home.region));
    return Stream.concat(policy.backupRegion(home.region).stream(), emergency.stream())
        .noneMatch(region -> someoneCouldTake(region, s));
  }

  /** Enough distinct responders declined or missed the offers of this IMMINENT_RISK request. */
  boolean missedTooOften(RequestState s) {
    return policy.imminentRisk().appliesTo(s.urgency()) && s.excluded.size() >= policy.pageAfterMisses();
  }

  private boolean someoneCouldTake(String region, RequestState s) {
    Market there = localMarkets.apply(region);
    if (there != null) {
      return there.bestResponderFor(s) != null;
    }
    return elsewhere.someoneAvailable(region, s.pool);
  }
}

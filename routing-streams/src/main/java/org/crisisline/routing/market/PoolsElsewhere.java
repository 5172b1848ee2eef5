package org.crisisline.routing.market;

/**
 * Whether a pool of a region this engine does not hold has someone AVAILABLE. Routing is
 * partitioned by region, so another region's market may live in another task or instance: the
 * streams layer answers from the latest {@code queue-snapshots} of that pool (see
 * {@link AlertTriggers} for why that approximation is sound enough).
 */
@FunctionalInterface
public interface PoolsElsewhere {
  /** Nothing known of other regions: nobody is available there. */
  PoolsElsewhere NONE = (region, pool) -> false;

  boolean someoneAvailable(String region, String pool);
}

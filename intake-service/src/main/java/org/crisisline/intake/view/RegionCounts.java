package org.crisisline.intake.view;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many entries (responders, services) name each region, kept as they change, so "is this
 * region known?" is a map lookup on every request rather than a scan of every responder.
 */
final class RegionCounts {
  private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();

  void add(String region) {
    if (region != null) {
      counts.merge(region, 1, Integer::sum);
    }
  }

  void remove(String region) {
    if (region != null) {
      // the region is dropped when its count reaches zero
      counts.computeIfPresent(region, (r, n) -> n > 1 ? n - 1 : null);
    }
  }

  boolean contains(String region) {
    return counts.containsKey(region);
  }
}

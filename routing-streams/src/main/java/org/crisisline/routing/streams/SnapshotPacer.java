package org.crisisline.routing.streams;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which pools' queue snapshots to publish now: those that changed, each at most once per
 * {@code snapshot.min-interval}, so a busy pool publishes a few snapshots a second and not one per record.
 */
final class SnapshotPacer {
  private final long minIntervalMillis;
  private final Set<String> changed = new LinkedHashSet<>();
  private final Map<String, Long> lastSent = new HashMap<>();

  SnapshotPacer(long minIntervalMillis) {
    this.minIntervalMillis = minIntervalMillis;
  }

  void clear() {
    changed.clear();
    lastSent.clear();
  }

  void changed(Collection<String> pools) {
    changed.addAll(pools);
  }

  /** The changed pools whose interval has passed at {@code now}; they count as sent now. */
  List<String> due(long now) {
    List<String> due = new ArrayList<>();
    for (String pool : changed) {
      if (now - lastSent.getOrDefault(pool, Long.MIN_VALUE / 2) >= minIntervalMillis) {
        due.add(pool);
      }
    }
    due.forEach(p -> {
      changed.remove(p);
      lastSent.put(p, now);
    });
    return due;
  }
}

package org.crisisline.notifier.send;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The last {@code capacity} inbound message ids seen: providers retry webhooks, and a retried
 * reply must be recorded once. Bounded, oldest forgotten first. Thread-safe.
 */
final class RecentIds {
  private final Set<String> ids;

  RecentIds(int capacity) {
    this.ids = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    }));
  }

  /** True if {@code id} is new (and now remembered); false if seen before. */
  boolean add(String id) {
    return ids.add(id);
  }

  /** Forgets {@code id}, so a retry of a message whose recording failed is tried again. */
  void remove(String id) {
    ids.remove(id);
  }
}

package org.crisisline.routing;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.crisisline.events.Event;
import org.crisisline.events.RequestStatusChanged;

/**
 * Counters of routing decisions for {@code /metrics}: offers made and rescinded, status
 * transitions by status, rejected answers, snapshots, dead letters, unroutable records.
 */
public final class RoutingMetrics {
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

  public void inc(String name) {
    counters.computeIfAbsent(name, k -> new LongAdder()).increment();
  }

  /** Counts an emitted event by kind (and status, for status changes). */
  public void count(Event e) {
    if (e instanceof RequestStatusChanged s) {
      inc(s.isRejectedAnswer() ? "answers_rejected"
          : "status_" + s.status().name().toLowerCase());
    } else {
      inc(e.type().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase());
    }
  }

  public long get(String name) {
    LongAdder a = counters.get(name);
    return a == null ? 0 : a.sum();
  }

  /** A snapshot, sorted by name. */
  public Map<String, Long> snapshot() {
    Map<String, Long> m = new TreeMap<>();
    counters.forEach((k, v) -> m.put(k, v.sum()));
    m.put("dead_letters", DeadLetterHandler.count());
    return m;
  }
}

package org.crisisline.intake.view;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.crisisline.events.QueueSnapshot;

/** Latest snapshot per pool from the compacted {@code queue-snapshots}; feeds the SSE stream. */
public final class QueueView {
  private final ConcurrentHashMap<String, QueueSnapshot> byPool = new ConcurrentHashMap<>();
  private final List<Consumer<QueueSnapshot>> listeners = new CopyOnWriteArrayList<>();

  public void apply(String poolId, QueueSnapshot snapshot) {
    if (snapshot == null) {
      byPool.remove(poolId);
      return;
    }
    byPool.put(poolId, snapshot);
    listeners.forEach(l -> l.accept(snapshot));
  }

  public List<QueueSnapshot> all() {
    return byPool.values().stream().sorted(Comparator.comparing(QueueSnapshot::poolId)).toList();
  }

  public void onSnapshot(Consumer<QueueSnapshot> listener) {
    listeners.add(listener);
  }

  public void removeListener(Consumer<QueueSnapshot> listener) {
    listeners.remove(listener);
  }
}

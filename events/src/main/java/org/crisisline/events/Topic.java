package org.crisisline.events;

import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with its serdes and its {@link Retention}: the only way code names a topic. Compacted
 * topics keep the latest value per key (profiles, directory, snapshots); the rest keep history for
 * as long as their retention says.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Retention retention) {
  public boolean compacted() {
    return retention.compacted();
  }

  @Override
  public String toString() {
    return name;
  }
}

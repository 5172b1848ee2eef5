package org.crisisline.events;

import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with its serdes: the only way code names a topic. {@code compacted} topics keep the
 * latest value per key (profiles, directory, snapshots); the rest keep history.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean compacted) {
  @Override
  public String toString() {
    return name;
  }
}

package org.crisisline.routing.streams;

import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.crisisline.events.QueueSnapshot;
import org.crisisline.events.ResponderStatus;
import org.crisisline.routing.market.PoolsElsewhere;

/**
 * Other regions' pools as their markets last reported them: the global {@code queue-snapshots}
 * store (compacted, keyed {@code region/pool}, written by whichever routing task holds the
 * region). A pool with no snapshot has never had a responder or a waiting request: nobody is
 * available there.
 */
public final class PoolSnapshots implements PoolsElsewhere {
  public static final String STORE = "queue-snapshots-global";
  private final KeyValueStore<String, ValueAndTimestamp<QueueSnapshot>> snapshots;

  public PoolSnapshots(KeyValueStore<String, ValueAndTimestamp<QueueSnapshot>> snapshots) {
    this.snapshots = snapshots;
  }

  @Override
  public boolean someoneAvailable(String region, String pool) {
    ValueAndTimestamp<QueueSnapshot> latest = snapshots.get(region + "/" + pool);
    return latest != null && latest.value() != null
        && latest.value().respondersByStatus().getOrDefault(ResponderStatus.AVAILABLE, 0) > 0;
  }
}

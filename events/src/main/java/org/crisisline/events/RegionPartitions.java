package org.crisisline.events;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Puts every record of a request in the partition of its region, so that routing reads it in the
 * task that holds the region's market and places it in one exactly-once hop.
 *
 * <p>How: the records of a request are keyed by its requestId and partitioned by Kafka's default
 * partitioner (murmur2 of the key's UTF-8 bytes, modulo the partition count), by every writer —
 * intake, the notifier, routing itself. Routing's markets are keyed by region, partitioned the
 * same way. So intake chooses a requestId whose partition is its region's ({@link #requestIdIn}):
 * a random UUID, drawn again until it lands there (on average as many draws as there are
 * partitions). No writer needs to know a request's region, and no writer needs a partitioner of
 * its own: the key is the only thing that decides. The requestId stays a plain random UUID.
 *
 * <p>A request whose id is not aligned — minted before this, by another writer, or with another
 * partition count — still works: routing sees it is not ({@link #aligned}) and re-keys it by
 * region, as it did for every request before (two hops). The partition count of the request-side
 * topics must therefore not change under a running deployment (it must not anyway: Kafka Streams
 * state is partitioned the same way).
 */
public final class RegionPartitions {
  private RegionPartitions() {}

  /** The partition Kafka's default partitioner gives a record keyed {@code key}. */
  public static int of(String key, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
    }
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /** A fresh random requestId whose records land in {@code region}'s partition. */
  public static String requestIdIn(String region, int partitions) {
    int target = of(region, partitions);
    while (true) {
      String id = Ids.newId();
      if (of(id, partitions) == target) {
        return id;
      }
    }
  }

  /** True if the records of {@code requestId} land in the partition of {@code region}. */
  public static boolean aligned(String requestId, String region, int partitions) {
    return of(requestId, partitions) == of(region, partitions);
  }
}

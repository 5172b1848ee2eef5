package org.crisisline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class RegionPartitionsTest {

  @Test
  void isThePartitionKafkasDefaultPartitionerChoosesForTheKey() {
    for (String key : new String[] {"north", "south", "bench", "3f1c2a9e-0000-4000-8000-000000000000", "ü"}) {
      for (int n : new int[] {1, 3, 7, 12}) {
        assertThat(RegionPartitions.of(key, n))
            .isEqualTo(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), n));
      }
    }
  }

  @Test
  void aMintedRequestIdLandsInItsRegionsPartitionAndIsStillARandomUuid() {
    Set<String> seen = new HashSet<>();
    for (String region : new String[] {"north", "south", "east", "bench"}) {
      for (int n : new int[] {1, 3, 12}) {
        for (int i = 0; i < 50; i++) {
          String id = RegionPartitions.requestIdIn(region, n);
          assertThat(RegionPartitions.of(id, n)).isEqualTo(RegionPartitions.of(region, n));
          assertThat(RegionPartitions.aligned(id, region, n)).isTrue();
          assertThat(java.util.UUID.fromString(id).version()).isEqualTo(4);
          assertThat(seen.add(id)).isTrue();
        }
      }
    }
  }

  @Test
  void aPlainRandomIdIsUsuallyNotAligned() {
    int aligned = 0;
    for (int i = 0; i < 1200; i++) {
      aligned += RegionPartitions.aligned(Ids.newId(), "north", 12) ? 1 : 0;
    }
    // About one in twelve: the check does not say yes to everything.
    assertThat(aligned).isBetween(40, 170);
  }

  @Test
  void refusesAPartitionCountBelowOne() {
    assertThatThrownBy(() -> RegionPartitions.of("north", 0)).isInstanceOf(IllegalArgumentException.class);
  }
}

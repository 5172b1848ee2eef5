package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.crisisline.events.Need;
import org.crisisline.events.QueueSnapshot;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.Urgency;
import org.crisisline.routing.market.RoutingPolicy;
import org.junit.jupiter.api.Test;

/** Queue snapshots per pool, for supervisors. */
class QueueSnapshotTest {

  @Test
  void snapshotsCountOutstandingOffersAndSlaBreaches() {
    RoutingPolicy policy = RoutingPolicy.defaults().with(Map.of("sla.LOW", "10", "backup.north", ""));
    try (RoutingDriver d = new RoutingDriver(policy)) {
      d.counsellor("r-ana");
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      d.request("req-2", Urgency.LOW, Need.CRISIS_COUNSELLING, "en", "north");
      d.advanceInSteps(Duration.ofSeconds(12), Duration.ofSeconds(1));
      var last = d.snapshots().get(d.snapshots().size() - 1).value();
      assertThat(last.poolId()).isEqualTo("north/HOTLINE_COUNSELLOR");
      assertThat(last.offersOutstanding()).isEqualTo(1);
      assertThat(last.waitingByUrgency()).containsEntry(Urgency.LOW, 1);
      assertThat(last.slaBreaches()).isEqualTo(1);
      assertThat(last.longestWaitUrgency()).isEqualTo(Urgency.LOW);
      assertThat(last.respondersByStatus()).containsEntry(ResponderStatus.AVAILABLE, 1);
    }
  }

  @Test
  void queueSnapshotsArePublishedPerPoolAtMostOnceASecond() {
    try (RoutingDriver d = new RoutingDriver()) {
      // Given many changes within one second
      for (int i = 0; i < 20; i++) {
        d.request("req-" + i, i % 2 == 0 ? Urgency.HIGH : Urgency.LOW, Need.CRISIS_COUNSELLING, "en", "north");
      }
      d.request("peer-1", Urgency.MODERATE, Need.PEER_SUPPORT, "en", "north");
      // When a second passes, then each pool gets one snapshot
      d.advance(Duration.ofSeconds(1));
      List<TestRecord<String, QueueSnapshot>> first = List.copyOf(d.snapshots());
      assertThat(first).extracting(TestRecord::key)
          .containsExactlyInAnyOrder("north/HOTLINE_COUNSELLOR", "north/PEER_SPECIALIST");
      QueueSnapshot hotline = first.stream().filter(r -> r.key().equals("north/HOTLINE_COUNSELLOR"))
          .findFirst().orElseThrow().value();
      assertThat(hotline.waitingByUrgency()).containsEntry(Urgency.HIGH, 10).containsEntry(Urgency.LOW, 10);
      assertThat(hotline.longestWaitSeconds()).isEqualTo(1);
      // When more change within the same second as the last snapshot, nothing more is published yet
      d.request("req-more", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      d.advance(Duration.ofMillis(500));
      assertThat(d.snapshots()).hasSize(2);
      d.advance(Duration.ofMillis(600));
      assertThat(d.snapshots()).hasSize(3);
    }
  }

  @Test
  void aResponderWhoseAcceptedRequestsFillTheirCapacityCountsAsBusyInTheQueueSnapshot() {
    try (RoutingDriver d = new RoutingDriver()) {
      // Given an AVAILABLE counsellor with capacity 1 who accepted a request
      d.counsellor("ana");
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      assertThat(d.lastOffer("req-1").responderId()).isEqualTo("ana");
      d.accept(d.lastOffer("req-1"));
      // And one with capacity 2 who accepted the next
      d.responder("ben", ResponderKind.HOTLINE_COUNSELLOR, "north", List.of("en"), List.of(), 2);
      d.status("ben", ResponderStatus.AVAILABLE);
      d.request("req-2", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      assertThat(d.lastOffer("req-2").responderId()).isEqualTo("ben");
      d.accept(d.lastOffer("req-2"));
      // When the next snapshot is published
      d.advance(Duration.ofSeconds(1));
      // Then the one at capacity counts as BUSY and the one with room as AVAILABLE
      assertThat(latestHotlineSnapshot(d).respondersByStatus())
          .containsEntry(ResponderStatus.BUSY, 1).containsEntry(ResponderStatus.AVAILABLE, 1);
      // When the full one completes their request, Then both count as AVAILABLE again
      d.complete("req-1", "ana");
      d.advance(Duration.ofSeconds(1));
      assertThat(latestHotlineSnapshot(d).respondersByStatus())
          .containsEntry(ResponderStatus.AVAILABLE, 2).doesNotContainKey(ResponderStatus.BUSY);
    }
  }

  private static QueueSnapshot latestHotlineSnapshot(RoutingDriver d) {
    List<TestRecord<String, QueueSnapshot>> hotline = d.snapshots().stream()
        .filter(r -> r.key().equals("north/HOTLINE_COUNSELLOR")).toList();
    return hotline.get(hotline.size() - 1).value();
  }
}

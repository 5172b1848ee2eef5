package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.test.TestRecord;
import org.crisisline.events.DeadLetters;
import org.crisisline.events.Need;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

/** Records routing cannot decode or act on go to dead letters; the stream carries on. */
class DeadLetterRoutingTest {

  @Test
  void aPoisonRecordIsSkippedAndTheStreamCarriesOn() {
    try (RoutingDriver d = new RoutingDriver()) {
      // Given a record that is not JSON on help-requests (TopologyTestDriver 4.3 does not surface
      // the dead-letter records of the deserialization handler: DeadLetterHandlerTest checks them).
      // The counter is JVM-wide and other tests raise it too: only this test's increase counts.
      long before = DeadLetterHandler.count();
      d.rawRequests.pipeInput("bad".getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8));
      assertThat(DeadLetterHandler.count() - before).isEqualTo(1);
      // When a good record follows
      d.counsellor("r-ana");
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      // Then the good record is routed, and nothing else was dead-lettered
      assertThat(d.lastOffer("req-1").responderId()).isEqualTo("r-ana");
      assertThat(DeadLetterHandler.count() - before).isEqualTo(1);
    }
  }

  @Test
  void aRequestRoutingCannotPlaceGoesToDeadLetters() {
    try (RoutingDriver d = new RoutingDriver()) {
      // Given a well-formed request without a region
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", null);
      TestRecord<byte[], byte[]> dead = d.deadLetters.readRecord();
      assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("req-1");
      assertThat(DeadLetters.header(dead.headers(), DeadLetters.REASON)).isEqualTo("HelpRequestLogged lacks region");
      assertThat(d.statuses("req-1")).isEmpty();
    }
  }
}

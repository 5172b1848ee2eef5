package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.Urgency;
import org.crisisline.routing.market.RequestState;
import org.crisisline.routing.market.Timer;
import org.crisisline.routing.streams.JsonStateSerde;
import org.junit.jupiter.api.Test;

/**
 * A request's deadlines travel in its state, which routing writes anyway: setting one costs no
 * changelog write of its own, and a restart finds them where it finds the request (the real-broker
 * restart: {@code RoutingOnRealKafkaTest}, {@code PagingOnRealKafkaTest}).
 */
class DeadlinesInRequestStateTest {
  private static final String REQUESTS_CHANGELOG = "routing-test-market-requests-changelog";

  @Test
  void aRequestsDeadlinesAreWrittenWithItsStateAndNoTimerChangelogIsWritten() {
    try (RoutingDriver d = new RoutingDriver()) {
      var changelog = d.output(REQUESTS_CHANGELOG, new JsonStateSerde<>(RequestState.class));
      d.counsellor("r-ana");
      // When a request is logged, offered and accepted
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      OfferMade offer = d.lastOffer("req-1");
      d.accept(offer);
      // Then the last state written carries its TTL, first SLA breach, the offer's timeout and the accepted TTL
      List<RequestState> written = changelog.readValuesToList();
      RequestState last = written.get(written.size() - 1);
      assertThat(last.timers()).extracting(Timer::kind).contains(Timer.Kind.TTL, Timer.Kind.ESCALATE,
          Timer.Kind.OFFER_TIMEOUT, Timer.Kind.ACCEPTED_TTL);
      assertThat(last.timers()).filteredOn(t -> t.kind() == Timer.Kind.OFFER_TIMEOUT)
          .extracting(Timer::ref).containsExactly(offer.offerId());
      // And no deadline was written anywhere else: there is no timer changelog
      assertThat(d.writtenTopics()).contains(REQUESTS_CHANGELOG)
          .noneMatch(t -> t.contains("timer"));
    }
  }

  @Test
  void aDeadlineThatFiresLeavesTheStateAndFiresOnce() {
    try (RoutingDriver d = new RoutingDriver()) {
      var changelog = d.output(REQUESTS_CHANGELOG, new JsonStateSerde<>(RequestState.class));
      d.counsellor("r-ana");
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      String first = d.lastOffer("req-1").offerId();
      changelog.readValuesToList();
      // When the offer is not answered within its timeout (60 s)
      d.advanceInSteps(Duration.ofSeconds(62), Duration.ofSeconds(1));
      // Then it timed out (Ana set AWAY, the request waits again), and the state written after
      // no longer holds that deadline, so a restart would not fire it again
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.QUEUED);
      List<RequestState> written = changelog.readValuesToList();
      assertThat(written).isNotEmpty();
      assertThat(written.get(written.size() - 1).timers())
          .noneMatch(t -> t.kind() == Timer.Kind.OFFER_TIMEOUT && t.ref().equals(first));
      // And it fires once: another minute changes nothing more
      int statuses = d.statuses("req-1").size();
      d.advanceInSteps(Duration.ofSeconds(60), Duration.ofSeconds(5));
      assertThat(d.statuses("req-1")).hasSize(statuses);
    }
  }
}

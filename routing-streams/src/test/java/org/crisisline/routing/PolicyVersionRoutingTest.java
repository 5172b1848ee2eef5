package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;
import org.crisisline.routing.market.RoutingPolicy;
import org.junit.jupiter.api.Test;

/** Every decision names the policy that made it: {@code policyVersion} on each request-status record. */
class PolicyVersionRoutingTest {

  @Test
  void everyRequestStatusRecordCarriesThePolicyVersion() {
    RoutingPolicy policy = RoutingPolicy.defaults().with(Map.of("sla.HIGH", "30", "ttl.LOW", "600"));
    try (RoutingDriver d = new RoutingDriver(policy)) {
      // Given a run with acceptance, completion, a decline, a rejected late answer, an escalation,
      // a cancellation and an expiry
      d.counsellor("r-a");
      d.counsellor("r-b");
      d.request("req-1", Urgency.MODERATE, Need.CRISIS_COUNSELLING, "en", "north");
      OfferMade first = d.lastOffer("req-1");
      d.decline(first);
      OfferMade second = d.lastOffer("req-1");
      d.accept(second);
      d.accept(first);
      d.complete("req-1", second.responderId());
      d.request("req-2", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      d.advanceInSteps(Duration.ofSeconds(90), Duration.ofSeconds(1));
      d.cancel("req-2");
      d.request("req-3", Urgency.LOW, Need.CRISIS_COUNSELLING, "en", "south");
      d.advanceInSteps(Duration.ofSeconds(700), Duration.ofSeconds(5));

      // Then every request-status record names the policy's version
      var all = d.allStatuses();
      assertThat(all).extracting(RequestStatusChanged::kind)
          .contains(StatusKind.TRANSITION, StatusKind.ANSWER_REJECTED, StatusKind.ESCALATION);
      assertThat(all).extracting(RequestStatusChanged::status).contains(RequestStatus.ACCEPTED,
          RequestStatus.COMPLETED, RequestStatus.CANCELLED, RequestStatus.EXPIRED);
      assertThat(all).isNotEmpty().allSatisfy(s -> assertThat(s.policyVersion())
          .as("%s %s of %s", s.kind(), s.status(), s.requestId()).isEqualTo(policy.version()));
      assertThat(policy.version()).isNotEqualTo(RoutingPolicy.defaults().version());
    }
  }
}

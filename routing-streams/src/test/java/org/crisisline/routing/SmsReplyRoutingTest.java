package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.SmsReplyReceived.Decision;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

/** A responder's YES/NO text arrives on sms-replies and is routed like any other answer. */
class SmsReplyRoutingTest {

  @Test
  void anSmsYesOnSmsRepliesAcceptsTheOffer() {
    try (RoutingDriver d = new RoutingDriver()) {
      // Given Ana offered a request
      d.counsellor("r-ana");
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      OfferMade offer = d.lastOffer("req-1");
      // When her YES arrives on sms-replies
      d.smsReply(offer, "r-ana", Decision.ACCEPT);
      // Then the request is ACCEPTED
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.ACCEPTED);
    }
  }

  @Test
  void anSmsNoOnSmsRepliesDeclinesAndTheNextResponderIsOffered() {
    try (RoutingDriver d = new RoutingDriver()) {
      d.counsellor("r-a");
      d.request("req-1", Urgency.MODERATE, Need.CRISIS_COUNSELLING, "en", "north");
      OfferMade first = d.lastOffer("req-1");
      d.counsellor("r-b");
      // When the first responder texts NO
      d.smsReply(first, first.responderId(), Decision.DECLINE);
      // Then the offer is declined and the other responder is offered the request
      assertThat(d.lastOffer("req-1").responderId()).isEqualTo("r-b");
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.OFFERED);
    }
  }

  @Test
  void anSmsReplyForSomeoneElsesOfferIsRejectedLikeAnyAnswer() {
    try (RoutingDriver d = new RoutingDriver()) {
      d.counsellor("r-ana");
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      OfferMade offer = d.lastOffer("req-1");
      // When a reply names a responder the offer did not go to
      d.smsReply(offer, "r-mallory", Decision.ACCEPT);
      // Then routing does not accept it
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.OFFERED);
      assertThat(d.statuses("req-1")).extracting(RequestStatusChanged::status)
          .doesNotContain(RequestStatus.ACCEPTED);
      assertThat(d.statuses("req-1")).last().extracting(RequestStatusChanged::kind)
          .isEqualTo(StatusKind.ANSWER_REJECTED);
    }
  }
}

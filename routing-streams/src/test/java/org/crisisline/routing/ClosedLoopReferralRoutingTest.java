package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.Channel;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.ReferralAccepted;
import org.crisisline.events.ReferralDeclineReason;
import org.crisisline.events.ReferralDeclined;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.ReferralOutcome;
import org.crisisline.events.ReferralOutcomeRecorded;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.ServiceStatus;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;
import org.crisisline.routing.market.RoutingPolicy;
import org.junit.jupiter.api.Test;

/**
 * Closed-loop referrals and handoffs through the real topology: a service's answer moves the
 * referral on or ends it, an unanswered one times out to the next service, peer support takes what
 * no service will, a named service is honoured, and a handed-on request is routed like any other.
 */
class ClosedLoopReferralRoutingTest {
  static final RoutingPolicy POLICY = RoutingPolicy.defaults().with(Map.of("referral.ack.timeout", "600"));

  /** Open Fridays 09-17 UTC in north (it is Friday 10:00), English, adults, with {@code places}. */
  static org.crisisline.events.LocalService open(String id, int places) {
    return ReferralRoutingTest.service(id, ServiceStatus.ACTIVE, List.of("en"), 18, DayOfWeek.FRIDAY, places);
  }

  static HelpRequestLogged referral(RoutingDriver d, String id, String serviceId, String parentId) {
    return new HelpRequestLogged(Ids.newId(), d.now(), id, Channel.PHONE, Urgency.LOW, Need.REFERRAL,
        ReferralKind.SUPPORT_GROUP, "en", "north", "97201", AgeGroup.ADULT, List.of(), null, null, false, "staff",
        null, null, serviceId, parentId);
  }

  static void decline(RoutingDriver d, OfferMade o, String serviceId, ReferralDeclineReason why) {
    d.answer(new ReferralDeclined(Ids.newId(), d.now(), o.requestId(), o.offerId(), serviceId, why, AnswerVia.LINK));
  }

  static void accept(RoutingDriver d, OfferMade o, String serviceId) {
    d.answer(new ReferralAccepted(Ids.newId(), d.now(), o.requestId(), o.offerId(), serviceId, AnswerVia.LINK));
  }

  static RequestStatusChanged lastStatus(RoutingDriver d, String requestId) {
    List<RequestStatusChanged> all = d.statuses(requestId);
    return all.get(all.size() - 1);
  }

  @Test
  void declinedReferralGoesToTheNextMatchingService() {
    try (RoutingDriver d = new RoutingDriver(POLICY)) {
      // Given two open services; svc-a has more places, so it is asked first
      d.service(open("svc-a", 3));
      d.service(open("svc-b", 2));
      d.log(referral(d, "req-1", null, null));
      OfferMade first = d.lastOffer("req-1");
      assertThat(first.serviceId()).isEqualTo("svc-a");
      assertThat(first.expiresAt()).isEqualTo(d.now().plusSeconds(600));
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.REFERRED);
      assertThat(RequestStatus.REFERRED.isTerminal()).isFalse();
      // When svc-a declines: it has no capacity
      decline(d, first, "svc-a", ReferralDeclineReason.NO_CAPACITY);
      // Then the referral goes to svc-b, the status names the reason code, and svc-a's offer is rescinded
      OfferMade second = d.lastOffer("req-1");
      assertThat(second.serviceId()).isEqualTo("svc-b");
      assertThat(second.offerId()).isNotEqualTo(first.offerId());
      assertThat(lastStatus(d, "req-1").reason())
          .contains("declined by service svc-a (NO_CAPACITY)").contains("referred to Group svc-b");
      assertThat(d.rescinds()).anySatisfy(r -> assertThat(r.offerId()).isEqualTo(first.offerId()));
      // A late accept of the declined offer, and svc-a answering svc-b's offer, are refused with why
      accept(d, first, "svc-a");
      assertThat(lastStatus(d, "req-1").kind()).isEqualTo(StatusKind.ANSWER_REJECTED);
      assertThat(lastStatus(d, "req-1").reason()).contains("was declined (NO_CAPACITY)");
      accept(d, second, "svc-a");
      assertThat(lastStatus(d, "req-1").reason()).contains("was made to service svc-b, not svc-a");
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.REFERRED);
      // svc-a said it is full: the next referral goes to svc-b even though svc-a reported more places
      d.log(referral(d, "req-2", null, null));
      assertThat(d.lastOffer("req-2").serviceId()).isEqualTo("svc-b");
      // When svc-b accepts, req-1 ends REFERRAL_ACCEPTED; its outcome appends without changing it
      accept(d, second, "svc-b");
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.REFERRAL_ACCEPTED);
      assertThat(lastStatus(d, "req-1").serviceId()).isEqualTo("svc-b");
      d.answer(new ReferralOutcomeRecorded(Ids.newId(), d.now(), "req-1", second.offerId(), "svc-b",
          ReferralOutcome.CONNECTED, AnswerVia.LINK));
      RequestStatusChanged outcome = lastStatus(d, "req-1");
      assertThat(outcome.kind()).isEqualTo(StatusKind.REFERRAL_OUTCOME);
      assertThat(outcome.status()).isEqualTo(RequestStatus.REFERRAL_ACCEPTED);
      assertThat(outcome.reason()).contains("CONNECTED");
      // Only the accepting service may report an outcome
      d.answer(new ReferralOutcomeRecorded(Ids.newId(), d.now(), "req-1", second.offerId(), "svc-a",
          ReferralOutcome.CALLER_DECLINED, AnswerVia.LINK));
      assertThat(lastStatus(d, "req-1").kind()).isEqualTo(StatusKind.ANSWER_REJECTED);
      // Never the same service twice for a request
      assertThat(d.offersFor("req-1").stream().map(OfferMade::serviceId)).containsExactly("svc-a", "svc-b");
    }
  }

  @Test
  void anAcceptedReferralsOutcomeIsRecordedDaysLaterUntilItsWindowEnds() {
    try (RoutingDriver d = new RoutingDriver(POLICY)) {
      d.service(open("svc-a", 3));
      d.log(referral(d, "req-1", null, null));
      OfferMade o = d.lastOffer("req-1");
      accept(d, o, "svc-a");
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.REFERRAL_ACCEPTED);
      // Four days later (past the time routing remembers other requests), the outcome is recorded
      d.advance(Duration.ofDays(4));
      d.answer(new ReferralOutcomeRecorded(Ids.newId(), d.now(), "req-1", o.offerId(), "svc-a",
          ReferralOutcome.COULD_NOT_CONTACT, AnswerVia.LINK));
      assertThat(lastStatus(d, "req-1").kind()).isEqualTo(StatusKind.REFERRAL_OUTCOME);
      assertThat(lastStatus(d, "req-1").reason()).contains("COULD_NOT_CONTACT");
      int before = d.statuses("req-1").size();
      // After referral.outcome.window (14 days) routing has let the referral go: a late outcome changes nothing
      d.advance(Duration.ofDays(11));
      d.answer(new ReferralOutcomeRecorded(Ids.newId(), d.now(), "req-1", o.offerId(), "svc-a",
          ReferralOutcome.CONNECTED, AnswerVia.LINK));
      assertThat(d.statuses("req-1")).hasSize(before);
    }
  }

  @Test
  void unansweredReferralTimesOutToTheNextService() {
    try (RoutingDriver d = new RoutingDriver(POLICY)) {
      d.service(open("svc-a", 3));
      d.service(open("svc-b", 2));
      d.log(referral(d, "req-1", null, null));
      OfferMade first = d.lastOffer("req-1");
      // Just before the deadline nothing moves
      d.advanceInSteps(Duration.ofSeconds(590), Duration.ofSeconds(10));
      assertThat(d.offersFor("req-1")).hasSize(1);
      // When svc-a does not answer within referral.ack.timeout (600 s)
      d.advanceInSteps(Duration.ofSeconds(20), Duration.ofSeconds(1));
      // Then the referral goes to svc-b, saying why
      assertThat(d.lastOffer("req-1").serviceId()).isEqualTo("svc-b");
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.REFERRED);
      assertThat(lastStatus(d, "req-1").reason()).contains("not answered by service svc-a within 600s");
      // svc-a's accept, now late, is refused
      accept(d, first, "svc-a");
      assertThat(lastStatus(d, "req-1").kind()).isEqualTo(StatusKind.ANSWER_REJECTED);
      assertThat(lastStatus(d, "req-1").reason()).contains("was timed out");
      assertThat(d.offersFor("req-1").stream().map(OfferMade::serviceId)).containsExactly("svc-a", "svc-b");
    }
  }

  @Test
  void referralWithNoServiceLeftGoesToPeerSupport() {
    try (RoutingDriver d = new RoutingDriver(POLICY)) {
      // Given one matching service and an available peer specialist
      d.service(open("svc-a", 3));
      d.responder("peer-1", ResponderKind.PEER_SPECIALIST, "north", List.of("en"), List.of(), 1);
      d.status("peer-1", ResponderStatus.AVAILABLE);
      d.log(referral(d, "req-1", null, null));
      OfferMade toService = d.lastOffer("req-1");
      assertThat(toService.serviceId()).isEqualTo("svc-a");
      // When the only service declines: the person is not eligible
      decline(d, toService, "svc-a", ReferralDeclineReason.NOT_ELIGIBLE);
      // Then the request is handed to peer support with the reason, and offered to the peer specialist
      assertThat(d.statuses("req-1")).anySatisfy(s -> {
        assertThat(s.status()).isEqualTo(RequestStatus.QUEUED);
        assertThat(s.reason()).contains("declined by service svc-a (NOT_ELIGIBLE)")
            .contains("no matching service left (tried svc-a)").contains("handed to peer support")
            .contains("north/PEER_SPECIALIST");
      });
      OfferMade toPeer = d.lastOffer("req-1");
      assertThat(toPeer.responderId()).isEqualTo("peer-1");
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.OFFERED);
      d.accept(toPeer);
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.ACCEPTED);
    }
  }

  @Test
  void namedServiceIsHonouredWhenEligible() {
    try (RoutingDriver d = new RoutingDriver(POLICY)) {
      // Given a big and a small open service, and one closed today
      d.service(open("svc-big", 5));
      d.service(open("svc-small", 1));
      d.service(ReferralRoutingTest.service("svc-monday", ServiceStatus.ACTIVE, List.of("en"), 18, DayOfWeek.MONDAY, 5));
      // When staff name the small one, it is referred there, although the big one has more places
      d.log(referral(d, "req-1", "svc-small", null));
      assertThat(d.lastOffer("req-1").serviceId()).isEqualTo("svc-small");
      assertThat(d.statuses("req-1")).noneSatisfy(s -> assertThat(s.reason()).contains("not taken"));
      // When staff name the one closed today, the status says why and another is matched
      d.log(referral(d, "req-2", "svc-monday", null));
      assertThat(d.statuses("req-2")).anySatisfy(s -> assertThat(s.reason())
          .isEqualTo("named service svc-monday not taken: it is closed now; matching another"));
      assertThat(d.lastOffer("req-2").serviceId()).isEqualTo("svc-big");
      // When staff name the small one again, now full, the same
      d.log(referral(d, "req-3", "svc-small", null));
      assertThat(d.statuses("req-3")).anySatisfy(s -> assertThat(s.reason())
          .isEqualTo("named service svc-small not taken: it has no places left; matching another"));
      assertThat(d.lastOffer("req-3").serviceId()).isEqualTo("svc-big");
      // A service the directory does not know
      d.log(referral(d, "req-4", "svc-unknown", null));
      assertThat(d.statuses("req-4")).anySatisfy(s -> assertThat(s.reason())
          .contains("named service svc-unknown not taken: it is not in the directory of region north"));
      assertThat(d.lastOffer("req-4").serviceId()).isEqualTo("svc-big");
    }
  }

  @Test
  void handoffCreatesALinkedRequestRoutedNormally() {
    try (RoutingDriver d = new RoutingDriver(POLICY)) {
      // Given a counsellor who accepted a crisis call, and a peer specialist available
      d.counsellor("c-1");
      d.responder("peer-1", ResponderKind.PEER_SPECIALIST, "north", List.of("en"), List.of(), 1);
      d.status("peer-1", ResponderStatus.AVAILABLE);
      d.request("req-1", Urgency.HIGH, Need.CRISIS_COUNSELLING, "en", "north");
      d.accept(d.lastOffer("req-1"));
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.ACCEPTED);
      // When the counsellor hands the person on to peer support (intake logs a child request)
      d.log(new HelpRequestLogged(Ids.newId(), d.now(), "req-1-peer", Channel.PHONE, Urgency.MODERATE,
          Need.PEER_SUPPORT, null, "en", "north", "97201", AgeGroup.ADULT, List.of(), null, null, true, "c-1",
          null, null, null, "req-1"));
      // Then the child is routed like any other request, and its first status names its parent
      RequestStatusChanged logged = d.statuses("req-1-peer").get(0);
      assertThat(logged.status()).isEqualTo(RequestStatus.QUEUED);
      assertThat(logged.reason()).contains("handed on from request req-1");
      assertThat(d.lastOffer("req-1-peer").responderId()).isEqualTo("peer-1");
      d.accept(d.lastOffer("req-1-peer"));
      assertThat(d.status("req-1-peer")).isEqualTo(RequestStatus.ACCEPTED);
      // And the parent is untouched: still with its counsellor, who can complete it
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.ACCEPTED);
      d.complete("req-1", "c-1");
      assertThat(d.status("req-1")).isEqualTo(RequestStatus.COMPLETED);
      assertThat(d.status("req-1-peer")).isEqualTo(RequestStatus.ACCEPTED);
    }
  }
}

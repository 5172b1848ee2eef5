package org.crisisline.system.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crisisline.events.Channel;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

/** The checker must be able to fail: synthetic runs with one planted fault each. */
class ReliabilityVerifierTest {
  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  private final ReliabilityVerifier verifier = new ReliabilityVerifier(new ReliabilityVerifier.Limits(
      Map.of(Urgency.HIGH, Duration.ofSeconds(60)), Duration.ofSeconds(60), Duration.ofSeconds(10)));

  private final Set<String> acked = new HashSet<>();
  private final Map<String, HelpRequestLogged> logged = new HashMap<>();
  private final List<RequestStatusChanged> statuses = new ArrayList<>();
  private final List<OfferMade> offers = new ArrayList<>();
  private final Map<String, Integer> sends = new HashMap<>();
  private final Set<String> pageSends = new java.util.HashSet<>();
  private final Set<String> caringSends = new java.util.HashSet<>();

  @Test
  void aCleanRunPassesWithEveryRequestTerminal() {
    // Given two requests accepted then completed, each sent once per channel
    completed("q1", "alice", 0);
    completed("q2", "bob", 1);
    sends.put("o-q1/EMAIL", 1);
    sends.put("o-q2/SMS", 1);

    // When
    ReliabilityVerifier.Verdict v = verify(Set.of("p1"), List.of("p1"));

    // Then
    assertThat(v.problems()).isEmpty();
    assertThat(v.clean()).isTrue();
    assertThat(v.summary(3)).isEqualTo(
        "reliability: requests=2 terminal=2 lost=0 double_assigned=0 duplicate_sends=0 dlq=1 faults=3");
  }

  @Test
  void aRequestAnswered202ButMissingFromTheTopicIsLost() {
    // Given a request the client was told was accepted, that never reached help-requests
    completed("q1", "alice", 0);
    acked.add("q-missing");

    // When
    ReliabilityVerifier.Verdict v = verify(Set.of(), List.of());

    // Then
    assertThat(v.lost()).isEqualTo(1);
    assertThat(v.clean()).isFalse();
    assertThat(v.problems()).anyMatch(p -> p.contains("q-missing") && p.contains("not on help-requests"));
  }

  @Test
  void aRequestWhoseOfferExpiredLongAgoWithNothingSinceIsLeftWaitingSilently() {
    // Given a request offered once, the offer expired 20 s before the check, nothing since
    logRequest("q1", 0);
    offer("q1", "o-q1", "alice", 1, T0.plusSeconds(5));
    status("q1", RequestStatus.OFFERED, "o-q1", "alice", 1);

    // When checked 35 s after logging (offer expired at +5 s, grace 10 s)
    ReliabilityVerifier.Verdict v = verifier.verify(observed(Set.of(), List.of()), T0.plusSeconds(35));

    // Then
    assertThat(v.lost()).isEqualTo(1);
    assertThat(v.problems()).anyMatch(p -> p.contains("left waiting silently"));
  }

  @Test
  void aQueuedRequestWithinItsTimeToLiveIsLegitimatelyWaiting() {
    // Given a request queued for want of a responder
    logRequest("q1", 0);
    statuses.add(new RequestStatusChanged("e", T0, "q1", RequestStatus.QUEUED, "no eligible responder", null, null,
        null, "north", Urgency.HIGH, Need.CRISIS_COUNSELLING, StatusKind.TRANSITION, null, null));

    // When checked 30 s later (ttl 60 s)
    ReliabilityVerifier.Verdict v = verifier.verify(observed(Set.of(), List.of()), T0.plusSeconds(30));

    // Then
    assertThat(v.clean()).isTrue();
    assertThat(v.waiting()).isEqualTo(1);
    assertThat(v.waitingBy()).containsKey("QUEUED (no eligible responder)");
  }

  @Test
  void aRequestAcceptedTwiceIsADoubleAssignment() {
    // Given a request accepted by alice and then again by bob
    completed("q1", "alice", 0);
    offer("q1", "o-q1b", "bob", 2, T0.plusSeconds(30));
    status("q1", RequestStatus.ACCEPTED, "o-q1b", "bob", 3);

    // When
    ReliabilityVerifier.Verdict v = verify(Set.of(), List.of());

    // Then
    assertThat(v.doubleAssigned()).isGreaterThanOrEqualTo(1);
    assertThat(v.clean()).isFalse();
    assertThat(v.problems()).anyMatch(p -> p.contains("accepted 2 times"));
  }

  @Test
  void aResponderHoldingMoreThanTheirCapacityIsADoubleAssignment() {
    // Given alice (capacity 1) accepts q2 before q1 is completed
    logRequest("q1", 0);
    logRequest("q2", 0);
    offer("q1", "o-q1", "alice", 1, T0.plusSeconds(30));
    offer("q2", "o-q2", "alice", 1, T0.plusSeconds(30));
    status("q1", RequestStatus.ACCEPTED, "o-q1", "alice", 1);
    status("q2", RequestStatus.ACCEPTED, "o-q2", "alice", 2);
    status("q1", RequestStatus.COMPLETED, "o-q1", "alice", 3);
    status("q2", RequestStatus.COMPLETED, "o-q2", "alice", 4);

    // When
    ReliabilityVerifier.Verdict v = verify(Set.of(), List.of());

    // Then
    assertThat(v.doubleAssigned()).isEqualTo(1);
    assertThat(v.problems()).anyMatch(p -> p.contains("alice") && p.contains("capacity 1"));
  }

  @Test
  void aPageOrAnAllClearDeliveredTwiceOnOneChannelIsADuplicateSendNamedAPage() {
    // Given a page sent once by email and twice by SMS, and an all-clear sent once
    completed("q1", "alice", 0);
    pageSends.addAll(Set.of("page-1", "allclear-1"));
    sends.put("page-1/EMAIL", 1);
    sends.put("page-1/SMS", 2);
    sends.put("allclear-1/SMS", 1);

    // When
    ReliabilityVerifier.Verdict v = verify(Set.of(), List.of());

    // Then the second SMS of the page fails the run, and the pages sent are counted
    assertThat(v.duplicateSends()).isEqualTo(1);
    assertThat(v.problems()).containsExactly("(page, channel) page-1/SMS delivered 2 times");
    assertThat(v.pagesSent()).isEqualTo(3);
    assertThat(v.clean()).isFalse();
  }

  @Test
  void aCaringMessageSentTwiceIsADuplicateSendNamedACaringMessage() {
    // Given a follow-up whose caring SMS the provider took twice, and another's once
    completed("q1", "alice", 0);
    caringSends.addAll(Set.of("fu-1", "fu-2"));
    sends.put("fu-1/SMS", 2);
    sends.put("fu-2/SMS", 1);

    // When
    ReliabilityVerifier.Verdict v = verify(Set.of(), List.of());

    // Then the second one fails the run, and both caring messages count as sent
    assertThat(v.duplicateSends()).isEqualTo(1);
    assertThat(v.problems()).containsExactly("(caring message, channel) fu-1/SMS delivered 2 times");
    assertThat(v.caringSent()).isEqualTo(2);
    assertThat(v.clean()).isFalse();
  }

  @Test
  void pagesEachSentOnceAreClean() {
    completed("q1", "alice", 0);
    pageSends.add("page-1");
    sends.put("page-1/EMAIL", 1);
    sends.put("page-1/SMS", 1);

    ReliabilityVerifier.Verdict v = verify(Set.of(), List.of());

    assertThat(v.duplicateSends()).isZero();
    assertThat(v.pagesSent()).isEqualTo(2);
    assertThat(v.problems()).isEmpty();
  }

  @Test
  void anOfferDeliveredTwiceOnOneChannelIsADuplicateSend() {
    // Given one email sent twice for the same offer
    completed("q1", "alice", 0);
    sends.put("o-q1/EMAIL", 2);
    sends.put("o-q1/SMS", 1);

    // When
    ReliabilityVerifier.Verdict v = verify(Set.of(), List.of());

    // Then
    assertThat(v.duplicateSends()).isEqualTo(1);
    assertThat(v.clean()).isFalse();
  }

  @Test
  void aPoisonRecordMissingFromDeadLettersAndAStrangerThereAreBothFlagged() {
    // Given poison p1 and p2 written; dead-letters holds p1 and x
    completed("q1", "alice", 0);

    // When
    ReliabilityVerifier.Verdict v = verify(Set.of("p1", "p2"), List.of("p1", "x"));

    // Then
    assertThat(v.problems()).anyMatch(p -> p.contains("p2") && p.contains("not in dead-letters"));
    assertThat(v.problems()).anyMatch(p -> p.contains("dead letter x"));
    assertThat(v.clean()).isFalse();
  }

  @Test
  void offeringARequestAgainToAResponderWhoLetItTimeOutIsARepeatButAfterAWithdrawalItIsNot() {
    // Given q1 offered to alice, timed out, offered to her again; q2 offered to bob, withdrawn
    // because bob went away, and offered to him again once he was back
    logRequest("q1", 0);
    offer("q1", "o1", "alice", 1, T0.plusSeconds(5));
    statuses.add(new RequestStatusChanged("e", T0.plusSeconds(5), "q1", RequestStatus.QUEUED,
        "offer o1 timed out; re-queued", "o1", "alice", null, "north", Urgency.HIGH, Need.CRISIS_COUNSELLING,
        StatusKind.TRANSITION, null, null));
    offer("q1", "o2", "alice", 2, T0.plusSeconds(30));
    status("q1", RequestStatus.EXPIRED, null, null, 10);
    logRequest("q2", 0);
    offer("q2", "o3", "bob", 1, T0.plusSeconds(5));
    statuses.add(new RequestStatusChanged("e", T0.plusSeconds(2), "q2", RequestStatus.QUEUED,
        "offer o3 withdrawn: bob is now AWAY; re-queued", "o3", "bob", null, "north", Urgency.HIGH,
        Need.CRISIS_COUNSELLING, StatusKind.OFFER_WITHDRAWN, null, null));
    offer("q2", "o4", "bob", 2, T0.plusSeconds(30));
    status("q2", RequestStatus.EXPIRED, null, null, 10);

    // When
    ReliabilityVerifier.Verdict v = verify(Set.of(), List.of());

    // Then only alice's second offer is a repeat
    assertThat(v.repeated()).isEqualTo(1);
    assertThat(v.problems()).singleElement().asString().contains("q1").contains("alice");
  }

  @Test
  void aSecondTerminalStateIsARepeatedDecision() {
    // Given a request completed and then expired
    completed("q1", "alice", 0);
    status("q1", RequestStatus.EXPIRED, null, null, 9);

    // When
    ReliabilityVerifier.Verdict v = verify(Set.of(), List.of());

    // Then
    assertThat(v.repeated()).isEqualTo(1);
    assertThat(v.clean()).isFalse();
  }

  // ---- synthetic data ----

  private ReliabilityVerifier.Verdict verify(Set<String> poison, List<String> dlq) {
    return verifier.verify(observed(poison, dlq), T0.plusSeconds(20));
  }

  private ReliabilityVerifier.Observed observed(Set<String> poison, List<String> dlq) {
    return new ReliabilityVerifier.Observed(acked, logged, statuses, offers, Map.of("alice", 1, "bob", 1), sends,
        poison, dlq, pageSends, caringSends);
  }

  private void completed(String id, String responder, int at) {
    logRequest(id, at);
    offer(id, "o-" + id, responder, 1, T0.plusSeconds(at + 30));
    status(id, RequestStatus.OFFERED, "o-" + id, responder, at);
    status(id, RequestStatus.ACCEPTED, "o-" + id, responder, at + 1);
    status(id, RequestStatus.COMPLETED, "o-" + id, responder, at + 2);
  }

  private void logRequest(String id, int at) {
    acked.add(id);
    logged.put(id, new HelpRequestLogged("e-" + id, T0.plusSeconds(at), id, Channel.PHONE, Urgency.HIGH,
        Need.CRISIS_COUNSELLING, null, "en", "north", null, null, List.of(), null, null, false, "staff"));
  }

  private void offer(String id, String offerId, String responder, int attempt, Instant expires) {
    offers.add(new OfferMade("e", T0, id, offerId, "ABC", responder, null, attempt, expires, Urgency.HIGH,
        Need.CRISIS_COUNSELLING, null, "en", "north"));
  }

  private void status(String id, RequestStatus s, String offerId, String responder, int at) {
    statuses.add(new RequestStatusChanged("e", T0.plusSeconds(at), id, s, s.name().toLowerCase(), offerId, responder,
        null, "north", Urgency.HIGH, Need.CRISIS_COUNSELLING, StatusKind.TRANSITION, null, null));
  }
}

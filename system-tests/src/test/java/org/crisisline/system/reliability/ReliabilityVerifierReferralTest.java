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

/** The verifier on closed-loop referrals ({@link ReferralChecks}): synthetic runs, one planted fault each. */
class ReliabilityVerifierReferralTest {
  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  private final ReliabilityVerifier verifier = new ReliabilityVerifier(new ReliabilityVerifier.Limits(
      Map.of(Urgency.HIGH, Duration.ofSeconds(60)), Duration.ofSeconds(60), Duration.ofSeconds(10)));

  private final Set<String> acked = new HashSet<>();
  private final Map<String, HelpRequestLogged> logged = new HashMap<>();
  private final List<RequestStatusChanged> statuses = new ArrayList<>();
  private final List<OfferMade> offers = new ArrayList<>();

  @Test
  void aReferralAcceptedByItsServiceIsTerminalAndItsOutcomeAfterwardsIsNoRepeat() {
    // Given a referral declined by one service, then accepted by the next, which reports an outcome
    logRequest("q1", 0);
    referralOffer("q1", "r1", "svc-a", T0.plusSeconds(30));
    referralStatus("q1", RequestStatus.REFERRED, "r1", "svc-a", 0, StatusKind.TRANSITION);
    referralOffer("q1", "r2", "svc-b", T0.plusSeconds(32));
    referralStatus("q1", RequestStatus.REFERRED, "r2", "svc-b", 2, StatusKind.TRANSITION);
    referralStatus("q1", RequestStatus.REFERRAL_ACCEPTED, "r2", "svc-b", 3, StatusKind.TRANSITION);
    referralStatus("q1", RequestStatus.REFERRAL_ACCEPTED, "r2", "svc-b", 9, StatusKind.REFERRAL_OUTCOME);

    // When
    ReliabilityVerifier.Verdict v = verify(Set.of(), List.of());

    // Then
    assertThat(v.problems()).isEmpty();
    assertThat(v.terminal()).isEqualTo(1);
    assertThat(v.clean()).isTrue();
  }

  @Test
  void aReferralIsNotTerminalAndWaitsLegitimatelyOnlyUntilItsServicesAnswerDeadline() {
    // Given a request REFERRED, its service's answer due at +30 s, nothing since
    logRequest("q1", 0);
    referralOffer("q1", "r1", "svc-a", T0.plusSeconds(30));
    referralStatus("q1", RequestStatus.REFERRED, "r1", "svc-a", 0, StatusKind.TRANSITION);

    // Then at +20 s it is waiting (not terminal), and at +45 s (deadline + grace passed) it is lost
    ReliabilityVerifier.Verdict before = verify(Set.of(), List.of());
    assertThat(before.terminal()).isZero();
    assertThat(before.waiting()).isEqualTo(1);
    assertThat(before.clean()).isTrue();
    ReliabilityVerifier.Verdict after = verifier.verify(observed(Set.of(), List.of()), T0.plusSeconds(45));
    assertThat(after.lost()).isEqualTo(1);
    assertThat(after.problems()).anyMatch(p -> p.contains("referral offer r1 to service svc-a unanswered"));
  }

  @Test
  void aReferralHandedToPeerSupportLivesAFreshTimeToLive() {
    // Given a referral no service took, handed to peer support at +50 s (time to live 60 s, grace 10 s)
    logRequest("q1", 0);
    referralOffer("q1", "r1", "svc-a", T0.plusSeconds(45));
    referralStatus("q1", RequestStatus.REFERRED, "r1", "svc-a", 0, StatusKind.TRANSITION);
    status("q1", RequestStatus.QUEUED, null, null, 50);

    // Then at +100 s it is still legitimately waiting; at +125 s it is past its fresh time to live
    assertThat(verifier.verify(observed(Set.of(), List.of()), T0.plusSeconds(100)).clean()).isTrue();
    ReliabilityVerifier.Verdict late = verifier.verify(observed(Set.of(), List.of()), T0.plusSeconds(125));
    assertThat(late.lost()).isEqualTo(1);
    assertThat(late.problems()).anyMatch(p -> p.contains("past its time to live"));
  }

  @Test
  void aRequestReferredToOneServiceTwiceIsARepeat() {
    logRequest("q1", 0);
    referralOffer("q1", "r1", "svc-a", T0.plusSeconds(30));
    referralStatus("q1", RequestStatus.REFERRED, "r1", "svc-a", 0, StatusKind.TRANSITION);
    referralOffer("q1", "r2", "svc-a", T0.plusSeconds(35));
    referralStatus("q1", RequestStatus.REFERRED, "r2", "svc-a", 5, StatusKind.TRANSITION);

    ReliabilityVerifier.Verdict v = verify(Set.of(), List.of());

    assertThat(v.repeated()).isEqualTo(1);
    assertThat(v.problems()).anyMatch(p -> p.contains("referred to service svc-a again"));
    assertThat(v.clean()).isFalse();
  }

  @Test
  void aReferralAcceptedByAServiceItWasNotOfferedToIsADoubleAssignment() {
    logRequest("q1", 0);
    referralOffer("q1", "r1", "svc-a", T0.plusSeconds(30));
    referralStatus("q1", RequestStatus.REFERRED, "r1", "svc-a", 0, StatusKind.TRANSITION);
    referralStatus("q1", RequestStatus.REFERRAL_ACCEPTED, "r1", "svc-b", 3, StatusKind.TRANSITION);

    ReliabilityVerifier.Verdict v = verify(Set.of(), List.of());

    assertThat(v.doubleAssigned()).isEqualTo(1);
    assertThat(v.problems()).anyMatch(p -> p.contains("accepted by svc-b on offer r1 made to svc-a"));
  }

  @Test
  void anythingButAnOutcomeAfterAReferralWasAcceptedIsARepeat() {
    logRequest("q1", 0);
    referralOffer("q1", "r1", "svc-a", T0.plusSeconds(30));
    referralStatus("q1", RequestStatus.REFERRED, "r1", "svc-a", 0, StatusKind.TRANSITION);
    referralStatus("q1", RequestStatus.REFERRAL_ACCEPTED, "r1", "svc-a", 3, StatusKind.TRANSITION);
    referralStatus("q1", RequestStatus.REFERRED, "r1", "svc-a", 4, StatusKind.TRANSITION);

    assertThat(verify(Set.of(), List.of()).repeated()).isEqualTo(1);
  }

  @Test
  void followUpNotesAfterTheEndAreNoRepeatButAnotherTransitionIs() {
    // Given an accepted referral whose follow-ups were scheduled, fell due and were stopped
    logRequest("q1", 0);
    referralOffer("q1", "r1", "svc-a", T0.plusSeconds(30));
    referralStatus("q1", RequestStatus.REFERRED, "r1", "svc-a", 0, StatusKind.TRANSITION);
    referralStatus("q1", RequestStatus.REFERRAL_ACCEPTED, "r1", "svc-a", 3, StatusKind.TRANSITION);
    referralStatus("q1", RequestStatus.REFERRAL_ACCEPTED, null, null, 4, StatusKind.FOLLOW_UP);
    referralStatus("q1", RequestStatus.REFERRAL_ACCEPTED, null, null, 8, StatusKind.FOLLOW_UP);

    // Then nothing is wrong
    assertThat(verify(Set.of(), List.of()).problems()).isEmpty();

    // But a follow-up note that changes the status after the end is still a repeat
    referralStatus("q1", RequestStatus.QUEUED, null, null, 9, StatusKind.FOLLOW_UP);
    assertThat(verify(Set.of(), List.of()).repeated()).isEqualTo(1);
  }

  // ---- synthetic data ----

  private ReliabilityVerifier.Verdict verify(Set<String> poison, List<String> dlq) {
    return verifier.verify(observed(poison, dlq), T0.plusSeconds(20));
  }

  private ReliabilityVerifier.Observed observed(Set<String> poison, List<String> dlq) {
    return new ReliabilityVerifier.Observed(acked, logged, statuses, offers, Map.of(), Map.of(), poison, dlq, Set.of(), Set.of());
  }

  private void logRequest(String id, int at) {
    acked.add(id);
    logged.put(id, new HelpRequestLogged("e-" + id, T0.plusSeconds(at), id, Channel.PHONE, Urgency.HIGH,
        Need.REFERRAL, null, "en", "north", null, null, List.of(), null, null, false, "staff"));
  }

  private void status(String id, RequestStatus s, String offerId, String responder, int at) {
    statuses.add(new RequestStatusChanged("e", T0.plusSeconds(at), id, s, s.name().toLowerCase(), offerId, responder,
        null, "north", Urgency.HIGH, Need.REFERRAL, StatusKind.TRANSITION, null, null));
  }

  private void referralOffer(String id, String offerId, String serviceId, Instant expires) {
    offers.add(new OfferMade("e", T0, id, offerId, "ABC", null, serviceId, 1, expires, Urgency.HIGH,
        Need.REFERRAL, null, "en", "north"));
  }

  private void referralStatus(String id, RequestStatus s, String offerId, String serviceId, int at, StatusKind kind) {
    statuses.add(new RequestStatusChanged("e", T0.plusSeconds(at), id, s, s.name().toLowerCase(), offerId, null,
        serviceId, "north", Urgency.HIGH, Need.REFERRAL, kind, null, null));
  }
}

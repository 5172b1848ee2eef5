package org.crisisline.intake.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.OfferRescinded;
import org.crisisline.events.ReferralAccepted;
import org.crisisline.events.ReferralDeclineReason;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.ReferralOutcome;
import org.crisisline.events.ReferralOutcomeRecorded;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

class ReferralViewTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private final ReferralView view = new ReferralView();

  private static OfferMade referral(String offerId, String serviceId, Instant at) {
    return new OfferMade("e-" + offerId, at, "req-1", offerId, "REF234", null, serviceId, 1, null, Urgency.LOW,
        Need.REFERRAL, ReferralKind.SUPPORT_GROUP, "en", "north");
  }

  private static RequestStatusChanged status(RequestStatus s) {
    return new RequestStatusChanged("s-" + s, T0.plusSeconds(60), "req-1", s, "r", null, null, null, "north",
        Urgency.LOW, Need.REFERRAL, StatusKind.TRANSITION, null, null);
  }

  @Test
  void referralsWhoseLinksHaveExpiredLeaveMemoryAndRecentOnesStay() {
    view.apply(referral("old", "svc-a", T0));
    view.apply(referral("new", "svc-b", T0.plusSeconds(16L * 86_400)));

    assertThat(view.sweep(T0.plusSeconds(86_400))).isEqualTo(1);

    assertThat(view.get("old")).isEmpty();
    assertThat(view.get("new")).isPresent();
    assertThat(view.all()).hasSize(1);
    assertThat(view.sweep(T0.plusSeconds(86_400))).isZero();
  }

  @Test
  void aReferralWaitsUntilItsServiceAnswersAndAnswersOnlyOnce() {
    view.apply(referral("o1", "svc-a", T0));
    assertThat(view.get("o1").orElseThrow().state()).isEqualTo(ReferralRecord.State.WAITING);
    assertThat(view.claimAnswer("o1", true, null, T0.plusSeconds(5))).isTrue();
    assertThat(view.claimAnswer("o1", true, null, T0.plusSeconds(6))).isFalse();
    assertThat(view.claimAnswer("o1", false, ReferralDeclineReason.CLOSED, T0.plusSeconds(6))).isFalse();
    // the copy of the accept read back from the topic changes nothing
    view.apply(new ReferralAccepted("a", T0.plusSeconds(5), "req-1", "o1", "svc-a", AnswerVia.LINK));
    assertThat(view.get("o1").orElseThrow().state()).isEqualTo(ReferralRecord.State.ACCEPTED);
  }

  @Test
  void anOutcomeOnlyFollowsAnAcceptAndIsRecordedOnce() {
    view.apply(referral("o1", "svc-a", T0));
    assertThat(view.claimOutcome("o1", ReferralOutcome.CONNECTED)).isFalse();
    view.claimAnswer("o1", true, null, T0);
    assertThat(view.claimOutcome("o1", ReferralOutcome.CONNECTED)).isTrue();
    assertThat(view.claimOutcome("o1", ReferralOutcome.CALLER_DECLINED)).isFalse();
    view.apply(new ReferralOutcomeRecorded("x", T0, "req-1", "o1", "svc-a", ReferralOutcome.CALLER_DECLINED, AnswerVia.LINK));
    assertThat(view.get("o1").orElseThrow().outcome()).isEqualTo(ReferralOutcome.CONNECTED);
  }

  @Test
  void aReferralThatMovesOnOrEndsNoLongerWaits() {
    view.apply(referral("o1", "svc-a", T0));
    // the referral moved on to the next service: the first no longer waits for an answer
    view.apply(referral("o2", "svc-b", T0.plusSeconds(30)));
    assertThat(view.get("o1").orElseThrow().state()).isEqualTo(ReferralRecord.State.CLOSED);
    assertThat(view.claimAnswer("o1", true, null, T0.plusSeconds(31))).isFalse();
    // REFERRED is the referral itself, so it leaves it waiting
    view.apply(status(RequestStatus.REFERRED));
    assertThat(view.get("o2").orElseThrow().state()).isEqualTo(ReferralRecord.State.WAITING);
    view.apply(status(RequestStatus.CANCELLED));
    assertThat(view.get("o2").orElseThrow().state()).isEqualTo(ReferralRecord.State.CLOSED);
  }

  @Test
  void aWithdrawnReferralClosesAndAnOfferToAResponderIsNoReferral() {
    view.apply(referral("o1", "svc-a", T0));
    view.apply(new OfferRescinded("r", T0, "req-1", "o1", null, "timed out"));
    assertThat(view.get("o1").orElseThrow().state()).isEqualTo(ReferralRecord.State.CLOSED);
    view.apply(new OfferMade("e", T0, "req-2", "o3", "ABC234", "r-1", null, 1, T0.plusSeconds(60), Urgency.LOW,
        Need.PEER_SUPPORT, null, "en", "north"));
    assertThat(view.get("o3")).isEmpty();
  }
}

package org.crisisline.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.Ids;
import org.crisisline.events.ReferralAccepted;
import org.crisisline.events.ReferralDeclineReason;
import org.crisisline.events.ReferralDeclined;
import org.crisisline.events.ReferralOutcome;
import org.crisisline.events.ReferralOutcomeRecorded;
import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.SampleEvents;
import org.crisisline.events.Urgency;
import org.crisisline.notifier.domain.StopRules.StopAlert;
import org.crisisline.notifier.domain.StopRules.StopOffer;
import org.crisisline.notifier.domain.StopRules.StopRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StopRulesTest {

  @Test
  void aRescindedOfferStopsThatOffer() {
    assertThat(StopRules.after(SampleEvents.offerRescinded()))
        .contains(new StopOffer("off-1", "offer rescinded"));
  }

  @Test
  void anAcceptedOrDeclinedOfferStopsThatOffer() {
    assertThat(StopRules.after(SampleEvents.offerAccepted())).contains(new StopOffer("off-1", "offer accepted"));
    assertThat(StopRules.after(SampleEvents.offerDeclined())).contains(new StopOffer("off-1", "offer declined"));
  }

  @Test
  void aServicesAcceptOrDeclineStopsThatReferralOfferButAnOutcomeStopsNothing() {
    Instant now = Instant.parse("2026-11-20T10:00:00Z");
    assertThat(StopRules.after(new ReferralAccepted("e1", now, "req-2", "off-2", "svc-1", AnswerVia.LINK)))
        .contains(new StopOffer("off-2", "referral accepted"));
    assertThat(StopRules.after(new ReferralDeclined("e2", now, "req-2", "off-2", "svc-1",
        ReferralDeclineReason.NO_CAPACITY, AnswerVia.LINK))).contains(new StopOffer("off-2", "referral declined"));
    assertThat(StopRules.after(new ReferralOutcomeRecorded("e3", now, "req-2", "off-2", "svc-1",
        ReferralOutcome.CONNECTED, AnswerVia.LINK))).isEmpty();
  }

  @Test
  void aCompletedRequestStopsEveryOfferOfTheRequest() {
    assertThat(StopRules.after(SampleEvents.requestCompleted()))
        .contains(new StopRequest("req-1", "request completed"));
  }

  @ParameterizedTest
  @EnumSource(value = RequestStatus.class, names = {"ACCEPTED", "COMPLETED", "REFERRAL_ACCEPTED", "CANCELLED", "EXPIRED"})
  void aRequestThatIsAnsweredOrClosedStopsEveryOfferOfTheRequest(RequestStatus status) {
    assertThat(StopRules.after(statusChangedTo(status)))
        .contains(new StopRequest("req-1", "request " + status));
  }

  @ParameterizedTest
  @EnumSource(value = RequestStatus.class, names = {"ACCEPTED", "COMPLETED", "REFERRAL_ACCEPTED", "CANCELLED", "EXPIRED"},
      mode = EnumSource.Mode.EXCLUDE)
  void anyOtherStatusIncludingReferredKeepsPaging(RequestStatus status) {
    assertThat(StopRules.after(statusChangedTo(status))).isEmpty();
  }

  @Test
  void anOfferStopCoversOnlyThatOfferAndARequestStopEveryOfferOfTheRequest() {
    var offerStop = new StopOffer("off-1", "offer rescinded");
    assertThat(offerStop.covers(offer("off-1", "req-1"))).isTrue();
    assertThat(offerStop.covers(offer("off-2", "req-1"))).isFalse();
    var requestStop = new StopRequest("req-1", "request CANCELLED");
    assertThat(requestStop.covers(offer("off-1", "req-1"))).isTrue();
    assertThat(requestStop.covers(offer("off-2", "req-1"))).isTrue();
    assertThat(requestStop.covers(offer("off-1", "req-2"))).isFalse();
  }

  @Test
  void anAcknowledgedOrResolvedAlertStopsItsPages() {
    assertThat(StopRules.after(SampleEvents.alertAcknowledged())).contains(new StopAlert("al-1", "alert acknowledged"));
    assertThat(StopRules.after(SampleEvents.alertResolved())).contains(new StopAlert("al-1", "alert resolved"));
    PageNotice page = new PageNotice(SampleEvents.alertPaged());
    assertThat(new StopAlert("al-1", "alert acknowledged").covers(page)).isTrue();
    assertThat(new StopAlert("al-2", "alert acknowledged").covers(page)).isFalse();
  }

  @Test
  void anAlertStopNeverCoversTheAlertsAllClearNorAnOfferOfItsRequest() {
    var alertStop = new StopAlert("al-1", "alert resolved");
    assertThat(alertStop.covers(new AllClearNotice(SampleEvents.alertResolved(), "sup-a"))).isFalse();
    assertThat(alertStop.covers(offer("off-1", "req-1"))).isFalse();
  }

  @Test
  void aClosedRequestStopsItsPagesTooButNotTheAllClear() {
    var requestStop = new StopRequest("req-1", "request ACCEPTED");
    assertThat(requestStop.covers(new PageNotice(SampleEvents.alertPaged()))).isTrue();
    assertThat(requestStop.covers(new AllClearNotice(SampleEvents.alertResolved(), "sup-a"))).isFalse();
  }

  @Test
  void raisingAnAlertOrStartingAStepOrPagingStopsNothing() {
    assertThat(StopRules.after(SampleEvents.alertRaised())).isEmpty();
    assertThat(StopRules.after(SampleEvents.alertStepStarted())).isEmpty();
    assertThat(StopRules.after(SampleEvents.alertPaged())).isEmpty();
  }

  @Test
  void aNewOfferStopsNothing() {
    assertThat(StopRules.after(SampleEvents.offerMade())).isEmpty();
  }

  @Test
  void aResponderOfferMayBeSentUntilItExpires() {
    OfferMade offer = SampleEvents.offerMade();
    assertThat(StopRules.deadline(offer, Instant.now())).isEqualTo(offer.expiresAt());
  }

  @Test
  void aReferralWithoutExpiryMayBeSentForAnHourAfterItWasMade() {
    Instant made = SampleEvents.AT;
    OfferMade referral = new OfferMade(Ids.newId(), made, "req-2", "off-2", "REF234", null, "svc-1", 1, null,
        Urgency.LOW, Need.REFERRAL, ReferralKind.SUPPORT_GROUP, "en", "north");
    assertThat(StopRules.deadline(referral, made.plusSeconds(5))).isEqualTo(made.plus(Duration.ofHours(1)));
  }

  @Test
  void aReferralWithoutAnyTimeCountsItsHourFromNow() {
    Instant now = SampleEvents.AT;
    OfferMade referral = new OfferMade(Ids.newId(), null, "req-2", "off-2", "REF234", null, "svc-1", 1, null,
        Urgency.LOW, Need.REFERRAL, ReferralKind.SUPPORT_GROUP, "en", "north");
    assertThat(StopRules.deadline(referral, now)).isEqualTo(now.plus(StopRules.REFERRAL_WINDOW));
  }

  private static OfferNotice offer(String offerId, String requestId) {
    OfferMade o = SampleEvents.offerMade();
    return new OfferNotice(new OfferMade(o.eventId(), o.occurredAt(), requestId, offerId, o.offerCode(), o.responderId(),
        null, 1, o.expiresAt(), o.urgency(), o.need(), null, o.language(), o.region()));
  }

  /** The sample status event, as routing writes it, with another status. */
  private static RequestStatusChanged statusChangedTo(RequestStatus status) {
    RequestStatusChanged s = SampleEvents.requestStatusChanged();
    return new RequestStatusChanged(s.eventId(), s.occurredAt(), s.requestId(), status, s.reason(), s.offerId(),
        s.responderId(), s.serviceId(), s.region(), s.urgency(), s.need(), s.kind(), s.escalationStep(),
        s.policyVersion());
  }

  @Test
  void aCancelledFollowUpStopsItsCaringMessageAndNothingElseOfTheFollowedRequest() {
    // Given the caring message of follow-up fu-2 of request req-1 (routed as a request of its own)
    var due = SampleEvents.followUpDue();
    CaringNotice caring = new CaringNotice(new org.crisisline.events.FollowUpDue(due.eventId(), due.occurredAt(),
        "req-1", "fu-2", 1, 1, "north", "es", due.callerContact(), true));
    // When the follow-up is cancelled (the caller texted STOP), its caring message stops
    var stop = StopRules.after(SampleEvents.followUpCancelled()).orElseThrow();
    assertThat(stop).isEqualTo(new StopRules.StopFollowUp("fu-2", "follow-up cancelled (CONSENT_WITHDRAWN)"));
    assertThat(stop.covers(caring)).isTrue();
    // And the followed request's own end, which comes before every follow-up, does not stop it
    assertThat(StopRules.after(SampleEvents.requestCompleted()).orElseThrow().covers(caring)).isFalse();
    assertThat(StopRules.after(SampleEvents.followUpDone())).isEmpty();
  }
}

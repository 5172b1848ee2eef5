package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.Channel;
import org.crisisline.events.FollowUpOutcome;
import org.crisisline.events.FollowUpDue;
import org.crisisline.events.FollowUpOutcomeRecorded;
import org.crisisline.events.FollowUpRequested;
import org.crisisline.events.FollowUpScheduled;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;
import org.crisisline.routing.market.RoutingPolicy;
import org.junit.jupiter.api.Test;

/**
 * Caring contacts: a request whose caller consented to be contacted schedules its follow-ups when it
 * ends; each, when due, is offered to a peer specialist in the caller's language, exactly once,
 * (restarts mid-plan: {@code market.FollowUpRestartTest}). Default plan for HIGH: 24h, 72h, 7d. What
 * {@code follow-ups} carries: {@code FollowUpEventsRoutingTest}; added and cancelled ones, STOP:
 * {@code FollowUpCancelRoutingTest}.
 */
class FollowUpRoutingTest {
  /** The default policy: IMMINENT_RISK and HIGH are followed up 24h, 72h and 7d after the end. */
  static final RoutingPolicy PLANNED = RoutingPolicy.defaults();


  static HelpRequestLogged request(RoutingDriver d, String id, String language, boolean consent) {
    HelpRequestLogged r = new HelpRequestLogged(Ids.newId(), d.now(), id, Channel.PHONE, Urgency.HIGH,
        Need.CRISIS_COUNSELLING, null, language, "north", "97201", AgeGroup.ADULT, List.of(), null, null, consent,
        "staff");
    d.log(r);
    return r;
  }

  /** A counsellor speaking en and es takes the request and completes it. */
  static void helpAndComplete(RoutingDriver d, String id) {
    d.responder("carla", ResponderKind.HOTLINE_COUNSELLOR, "north", List.of("en", "es"), List.of(), 1);
    d.status("carla", ResponderStatus.AVAILABLE);
    request(d, id, "es", true);
    OfferMade o = d.lastOffer(id);
    assertThat(o.responderId()).isEqualTo("carla");
    d.accept(o);
    d.complete(id, "carla");
    assertThat(d.status(id)).isEqualTo(RequestStatus.COMPLETED);
  }

  static List<RequestStatusChanged> followUpNotes(RoutingDriver d, String id) {
    return d.statuses(id).stream().filter(s -> s.kind() == StatusKind.FOLLOW_UP).toList();
  }

  /** The follow-up requests of {@code id} logged so far (their first, QUEUED, status), in order. */
  static List<RequestStatusChanged> followUpsLogged(RoutingDriver d, String id) {
    return d.allStatuses().stream().filter(s -> s.status() == RequestStatus.QUEUED
        && s.reason().contains("; follow-up ") && s.reason().endsWith(" of request " + id)).toList();
  }

  /**
   * The first attempt of each follow-up of {@code id} logged so far: a follow-up nobody took is tried
   * again ({@code FollowUpExpiryRoutingTest}), and its retries are left out here.
   */
  static List<RequestStatusChanged> firstAttempts(RoutingDriver d, String id) {
    return followUpsLogged(d, id).stream().filter(s -> !s.reason().contains(" (attempt ")).toList();
  }

  @Test
  void consentedCompletedRequestSchedulesItsFollowUps() {
    try (RoutingDriver d = new RoutingDriver(PLANNED)) {
      helpAndComplete(d, "r-fu-1");
      assertThat(followUpNotes(d, "r-fu-1")).singleElement().satisfies(s -> {
        assertThat(s.status()).isEqualTo(RequestStatus.COMPLETED);
        assertThat(s.reason()).startsWith("3 follow-up(s) scheduled");
      });
      // Past retain.terminal (1h) the ended request is still kept for its follow-ups. Nobody takes them
      // (no peer specialist): each is also retried, which firstAttempts leaves out.
      d.advanceInSteps(Duration.ofHours(23), Duration.ofHours(1));
      assertThat(firstAttempts(d, "r-fu-1")).isEmpty();
      d.advance(Duration.ofHours(1));
      assertThat(firstAttempts(d, "r-fu-1")).hasSize(1);
      d.advance(Duration.ofHours(48));
      assertThat(firstAttempts(d, "r-fu-1")).hasSize(2);
      d.advanceInSteps(Duration.ofDays(30), Duration.ofDays(1));
      List<RequestStatusChanged> logged = firstAttempts(d, "r-fu-1");
      assertThat(logged).hasSize(3);
      assertThat(logged.stream().map(RequestStatusChanged::requestId).distinct()).hasSize(3);
      assertThat(logged).allSatisfy(s -> {
        assertThat(s.need()).isEqualTo(Need.PEER_SUPPORT);
        assertThat(s.urgency()).isEqualTo(Urgency.MODERATE);
      });
      assertThat(followUpNotes(d, "r-fu-1")).extracting(RequestStatusChanged::reason).containsExactly(
          followUpNotes(d, "r-fu-1").get(0).reason(),
          "follow-up 1 of 3 due: logged as request " + logged.get(0).requestId(),
          "follow-up 2 of 3 due: logged as request " + logged.get(1).requestId(),
          "follow-up 3 of 3 due: logged as request " + logged.get(2).requestId());
      // The same plan on follow-ups, for intake's lists and the notifier's caring message.
      assertThat(d.followUpEvents("r-fu-1", FollowUpScheduled.class)).filteredOn(f -> f.attempt() == 1)
          .extracting(FollowUpScheduled::followUpId)
          .containsExactlyElementsOf(logged.stream().map(RequestStatusChanged::requestId).toList());
      assertThat(d.followUpEvents("r-fu-1", FollowUpDue.class)).filteredOn(f -> f.attempt() == 1)
          .extracting(FollowUpDue::followUpId)
          .containsExactlyElementsOf(logged.stream().map(RequestStatusChanged::requestId).toList());
    }
  }

  @Test
  void followUpIsOfferedToAPeerSpecialistInTheCallersLanguage() {
    // A plan for MODERATE too: a follow-up (MODERATE) must still never schedule follow-ups of its own.
    RoutingPolicy policy = PLANNED.with(Map.of("followup.plan.MODERATE", "1h"));
    try (RoutingDriver d = new RoutingDriver(policy)) {
      d.responder("pat", ResponderKind.PEER_SPECIALIST, "north", List.of("en"), List.of(), 1);
      d.status("pat", ResponderStatus.AVAILABLE);
      d.responder("pia", ResponderKind.PEER_SPECIALIST, "north", List.of("es"), List.of(), 1);
      d.status("pia", ResponderStatus.AVAILABLE);
      helpAndComplete(d, "r-fu-es");
      d.advance(Duration.ofHours(24));
      String followUp = followUpsLogged(d, "r-fu-es").get(0).requestId();
      assertThat(d.offersFor(followUp)).singleElement().satisfies(o -> {
        assertThat(o.responderId()).isEqualTo("pia");
        assertThat(o.need()).isEqualTo(Need.PEER_SUPPORT);
        assertThat(o.urgency()).isEqualTo(Urgency.MODERATE);
        assertThat(o.language()).isEqualTo("es");
        assertThat(o.region()).isEqualTo("north");
      });
      d.accept(d.lastOffer(followUp));
      d.complete(followUp, "pia");
      assertThat(d.status(followUp)).isEqualTo(RequestStatus.COMPLETED);
      d.advanceInSteps(Duration.ofHours(3), Duration.ofHours(1));
      assertThat(followUpNotes(d, followUp)).isEmpty();
      assertThat(followUpsLogged(d, followUp)).isEmpty();
    }
  }

  @Test
  void consentedAcceptedReferralSchedulesItsFollowUps() {
    RoutingPolicy policy = PLANNED.with(Map.of("followup.plan.LOW", "1d"));
    try (RoutingDriver d = new RoutingDriver(policy)) {
      d.responder("pat", ResponderKind.PEER_SPECIALIST, "north", List.of("en"), List.of(), 1);
      d.status("pat", ResponderStatus.AVAILABLE);
      d.service(ClosedLoopReferralRoutingTest.open("svc-a", 3));
      HelpRequestLogged r = ClosedLoopReferralRoutingTest.referral(d, "r-fu-ref", null, null);
      d.log(new HelpRequestLogged(r.eventId(), r.occurredAt(), r.requestId(), r.channel(), r.urgency(), r.need(),
          r.referralKind(), r.language(), r.region(), r.postalCode(), r.ageGroup(), r.specialties(), null, null, true,
          "staff"));
      ClosedLoopReferralRoutingTest.accept(d, d.lastOffer("r-fu-ref"), "svc-a");
      assertThat(d.status("r-fu-ref")).isEqualTo(RequestStatus.REFERRAL_ACCEPTED);
      assertThat(followUpNotes(d, "r-fu-ref")).singleElement().satisfies(s -> {
        assertThat(s.status()).isEqualTo(RequestStatus.REFERRAL_ACCEPTED);
        assertThat(s.reason()).startsWith("1 follow-up(s) scheduled");
      });
      d.advance(Duration.ofDays(1));
      String followUp = followUpsLogged(d, "r-fu-ref").get(0).requestId();
      assertThat(d.lastOffer(followUp).responderId()).isEqualTo("pat");
      assertThat(d.status("r-fu-ref")).isEqualTo(RequestStatus.REFERRAL_ACCEPTED);
    }
  }

  @Test
  void noAnswerRetriesUpToTheAttemptLimit() {
    try (RoutingDriver d = new RoutingDriver(PLANNED)) {
      d.responder("pia", ResponderKind.PEER_SPECIALIST, "north", List.of("es"), List.of(), 1);
      d.status("pia", ResponderStatus.AVAILABLE);
      helpAndComplete(d, "r-fu-retry");
      d.advance(Duration.ofHours(24));
      List<String> attempts = new ArrayList<>();
      for (FollowUpOutcome outcome : List.of(FollowUpOutcome.NO_ANSWER, FollowUpOutcome.LEFT_MESSAGE,
          FollowUpOutcome.NO_ANSWER)) {
        List<RequestStatusChanged> logged = followUpsLogged(d, "r-fu-retry");
        assertThat(logged).as("attempts logged").hasSize(attempts.size() + 1);
        String attempt = logged.get(logged.size() - 1).requestId();
        attempts.add(attempt);
        d.accept(d.lastOffer(attempt));
        d.answer(new FollowUpOutcomeRecorded(Ids.newId(), d.now(), attempt, "pia", outcome, AnswerVia.API));
        assertThat(d.status(attempt)).isEqualTo(RequestStatus.COMPLETED);
        // Not before followup.retry (4h) has passed.
        d.advance(Duration.ofHours(3));
        assertThat(followUpsLogged(d, "r-fu-retry")).hasSize(attempts.size());
        d.advance(Duration.ofHours(1));
      }
      // The third attempt was the last (followup.attempts = 3): the next step of the plan is the next follow-up.
      d.advance(Duration.ofHours(12));
      assertThat(followUpsLogged(d, "r-fu-retry")).hasSize(3);
      assertThat(attempts).doesNotHaveDuplicates();
      assertThat(followUpsLogged(d, "r-fu-retry")).extracting(RequestStatusChanged::reason).allSatisfy(
          r -> assertThat(r).contains("follow-up 1"));
      assertThat(followUpNotes(d, attempts.get(0))).extracting(RequestStatusChanged::reason)
          .anySatisfy(r -> assertThat(r).startsWith("caller not reached (NO_ANSWER): attempt 2 of 3"));
      assertThat(followUpNotes(d, attempts.get(2))).isEmpty();
      d.advance(Duration.ofHours(48));
      assertThat(followUpsLogged(d, "r-fu-retry")).hasSize(4).last()
          .satisfies(s -> assertThat(s.reason()).contains("follow-up 2 of request r-fu-retry"));
    }
  }

  @Test
  void aReachedCallerIsNotTriedAgainAndOnlyTheAcceptingPeerRecordsTheOutcome() {
    try (RoutingDriver d = new RoutingDriver(PLANNED)) {
      d.responder("pia", ResponderKind.PEER_SPECIALIST, "north", List.of("es"), List.of(), 1);
      d.status("pia", ResponderStatus.AVAILABLE);
      helpAndComplete(d, "r-fu-reached");
      d.advance(Duration.ofHours(24));
      String followUp = followUpsLogged(d, "r-fu-reached").get(0).requestId();
      d.answer(new FollowUpOutcomeRecorded(Ids.newId(), d.now(), followUp, "pia", FollowUpOutcome.REACHED,
          AnswerVia.API));
      assertThat(d.statuses(followUp).get(d.statuses(followUp).size() - 1).reason())
          .isEqualTo("rejected: follow-up outcome: follow-up is OFFERED");
      d.accept(d.lastOffer(followUp));
      d.answer(new FollowUpOutcomeRecorded(Ids.newId(), d.now(), followUp, "carla", FollowUpOutcome.REACHED,
          AnswerVia.API));
      assertThat(d.status(followUp)).isEqualTo(RequestStatus.ACCEPTED);
      d.answer(new FollowUpOutcomeRecorded(Ids.newId(), d.now(), followUp, "pia", FollowUpOutcome.REACHED,
          AnswerVia.API));
      assertThat(d.status(followUp)).isEqualTo(RequestStatus.COMPLETED);
      d.advance(Duration.ofHours(24));
      assertThat(followUpsLogged(d, "r-fu-reached")).hasSize(1);
    }
  }

  @Test
  void noConsentSchedulesNothing() {
    try (RoutingDriver d = new RoutingDriver(PLANNED)) {
      d.counsellor("carla");
      request(d, "r-no-consent", "en", false);
      d.accept(d.lastOffer("r-no-consent"));
      d.complete("r-no-consent", "carla");
      assertThat(d.status("r-no-consent")).isEqualTo(RequestStatus.COMPLETED);
      // Nor may a person add one: routing says why.
      d.answer(new FollowUpRequested(Ids.newId(), d.now(), "r-no-consent", "fu-x", d.now().plus(Duration.ofDays(1)),
          null, "carla"));
      assertThat(d.statuses("r-no-consent")).last().satisfies(s -> {
        assertThat(s.kind()).isEqualTo(StatusKind.ANSWER_REJECTED);
        assertThat(s.reason()).isEqualTo("rejected: follow-up request: the caller did not consent to be contacted");
      });
      d.advanceInSteps(Duration.ofDays(8), Duration.ofHours(12));
      assertThat(followUpNotes(d, "r-no-consent")).isEmpty();
      assertThat(d.allStatuses()).noneMatch(s -> s.reason().contains("follow-up") && !s.isRejectedAnswer());
      assertThat(d.followUpEvents("r-no-consent")).isEmpty();
    }
  }
}

package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.Channel;
import org.crisisline.events.FollowUpDone;
import org.crisisline.events.FollowUpDue;
import org.crisisline.events.FollowUpOrigin;
import org.crisisline.events.FollowUpOutcome;
import org.crisisline.events.FollowUpOutcomeRecorded;
import org.crisisline.events.FollowUpScheduled;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.PiiCipher;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.Sealed;
import org.crisisline.events.Urgency;
import org.crisisline.routing.market.RoutingPolicy;
import org.junit.jupiter.api.Test;

/**
 * What {@code follow-ups} carries for intake and the notifier: each planned step and retry as it is
 * scheduled, each follow-up as it falls due (with the consented caller's contact, still sealed as
 * intake sealed it), and each outcome.
 */
class FollowUpEventsRoutingTest {
  static final PiiCipher CIPHER = PiiCipher.fromKeyring(PiiCipher.generateKeyring("k1"));
  static final String PHONE = "+15035550142";

  /** A HIGH request in north, in {@code language}, its contact sealed for {@code id} as intake seals it. */
  static HelpRequestLogged withContact(RoutingDriver d, String id, String language, boolean consent) {
    Sealed contact = CIPHER.seal("callerContact", id, "{\"phone\":\"" + PHONE + "\"}");
    HelpRequestLogged r = new HelpRequestLogged(Ids.newId(), d.now(), id, Channel.PHONE, Urgency.HIGH,
        Need.CRISIS_COUNSELLING, null, language, "north", "97201", AgeGroup.ADULT, List.of(), null, contact, consent,
        "staff");
    d.log(r);
    return r;
  }

  /** carla (counsellor, en/es) takes and completes {@code id}; pia (peer specialist, es) is available. */
  static void completed(RoutingDriver d, String id, boolean consent) {
    d.responder("carla", ResponderKind.HOTLINE_COUNSELLOR, "north", List.of("en", "es"), List.of(), 1);
    d.status("carla", ResponderStatus.AVAILABLE);
    d.responder("pia", ResponderKind.PEER_SPECIALIST, "north", List.of("es"), List.of(), 1);
    d.status("pia", ResponderStatus.AVAILABLE);
    withContact(d, id, "es", consent);
    d.accept(d.lastOffer(id));
    d.complete(id, "carla");
    assertThat(d.status(id)).isEqualTo(RequestStatus.COMPLETED);
  }

  @Test
  void followUpsCarriesThePlanItsDueFollowUpsWithTheSealedContactAndTheirOutcomes() {
    try (RoutingDriver d = new RoutingDriver()) {
      completed(d, "r-ev", true);
      Instant end = d.now();
      List<FollowUpScheduled> plan = d.followUpEvents("r-ev", FollowUpScheduled.class);
      assertThat(plan).extracting(FollowUpScheduled::step).containsExactly(1, 2, 3);
      assertThat(plan).extracting(FollowUpScheduled::dueAt).containsExactly(end.plus(Duration.ofHours(24)),
          end.plus(Duration.ofHours(72)), end.plus(Duration.ofDays(7)));
      assertThat(plan).allSatisfy(s -> {
        assertThat(s.origin()).isEqualTo(FollowUpOrigin.PLAN);
        assertThat(s.attempt()).isEqualTo(1);
        assertThat(s.region()).isEqualTo("north");
        assertThat(s.language()).isEqualTo("es");
        assertThat(s.note()).isNull();
        assertThat(s.addedBy()).isNull();
      });

      d.advance(Duration.ofHours(24));
      String first = plan.get(0).followUpId();
      assertThat(d.followUpEvents("r-ev", FollowUpDue.class)).singleElement().satisfies(due -> {
        assertThat(due.followUpId()).isEqualTo(first);
        assertThat(due.step()).isEqualTo(1);
        assertThat(due.attempt()).isEqualTo(1);
        assertThat(due.region()).isEqualTo("north");
        assertThat(due.language()).isEqualTo("es");
        assertThat(due.caringMessage()).isTrue();
        // Exactly as intake sealed it, bound to the followed request: the notifier opens it, routing cannot.
        assertThat(CIPHER.open("callerContact", "r-ev", due.callerContact())).contains(PHONE);
      });
      assertThat(d.lastOffer(first).responderId()).isEqualTo("pia");

      d.accept(d.lastOffer(first));
      d.answer(new FollowUpOutcomeRecorded(Ids.newId(), d.now(), first, "pia", FollowUpOutcome.NO_ANSWER,
          AnswerVia.API));
      Instant retryAt = d.now().plus(Duration.ofHours(4));
      assertThat(d.followUpEvents("r-ev", FollowUpDone.class)).singleElement().satisfies(done -> {
        assertThat(done.followUpId()).isEqualTo(first);
        assertThat(done.outcome()).isEqualTo(FollowUpOutcome.NO_ANSWER);
        assertThat(done.responderId()).isEqualTo("pia");
        assertThat(done.retryDueAt()).isEqualTo(retryAt);
      });
      FollowUpScheduled retry = d.followUpEvents("r-ev", FollowUpScheduled.class).get(3);
      assertThat(retry.origin()).isEqualTo(FollowUpOrigin.RETRY);
      assertThat(retry.step()).isEqualTo(1);
      assertThat(retry.attempt()).isEqualTo(2);
      assertThat(retry.dueAt()).isEqualTo(retryAt);

      d.advance(Duration.ofHours(4));
      FollowUpDue second = d.followUpEvents("r-ev", FollowUpDue.class).get(1);
      assertThat(second.followUpId()).isEqualTo(retry.followUpId());
      assertThat(second.attempt()).isEqualTo(2);
      assertThat(CIPHER.open("callerContact", "r-ev", second.callerContact())).contains(PHONE);
      d.accept(d.lastOffer(second.followUpId()));
      d.answer(new FollowUpOutcomeRecorded(Ids.newId(), d.now(), second.followUpId(), "pia", FollowUpOutcome.REACHED,
          AnswerVia.API));
      assertThat(d.followUpEvents("r-ev", FollowUpDone.class)).last().satisfies(done -> {
        assertThat(done.outcome()).isEqualTo(FollowUpOutcome.REACHED);
        assertThat(done.retryDueAt()).isNull();
      });
      // Every follow-up event is keyed by the request followed up; none names a phone in clear.
      assertThat(d.followUpRecords).allSatisfy(r -> assertThat(r.key()).isEqualTo("r-ev"));
      assertThat(d.followUpRecords).allSatisfy(r -> assertThat(r.value().toString()).doesNotContain(PHONE));
      assertThat(d.allStatuses()).allSatisfy(s -> assertThat(s.toString()).doesNotContain(PHONE));
    }
  }

  @Test
  void theCaringMessageIsThePolicysToWant() {
    try (RoutingDriver d = new RoutingDriver(RoutingPolicy.defaults().with(Map.of("followup.message", "false")))) {
      completed(d, "r-quiet", true);
      d.advance(Duration.ofHours(24));
      assertThat(d.followUpEvents("r-quiet", FollowUpDue.class)).singleElement()
          .satisfies(due -> assertThat(due.caringMessage()).isFalse());
    }
  }

  @Test
  void withoutConsentTheContactIsNeitherKeptNorPublished() {
    try (RoutingDriver d = new RoutingDriver()) {
      completed(d, "r-no", false);
      d.advanceInSteps(Duration.ofDays(8), Duration.ofHours(12));
      assertThat(d.followUpEvents("r-no")).isEmpty();
      assertThat(d.followUpRecords).noneMatch(r -> r.value() instanceof FollowUpDue due && due.callerContact() != null
          && due.requestId().equals("r-no"));
    }
  }
}

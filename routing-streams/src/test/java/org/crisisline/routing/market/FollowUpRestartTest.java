package org.crisisline.routing.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.Channel;
import org.crisisline.events.Contact;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.Disposition;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.OfferAccepted;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.ResponderStatusChanged;
import org.crisisline.events.Urgency;
import org.crisisline.routing.streams.JsonStateSerde;
import org.junit.jupiter.api.Test;

/**
 * A restart in the middle of a follow-up plan, as the routing tests prove restarts: everything the
 * market processor keeps (requests, responders, timers) round-tripped through its store serdes into
 * a fresh engine, the way {@code MarketProcessor} rebuilds after a restart. Every follow-up still
 * comes due, each exactly once, and none is lost or repeated.
 */
class FollowUpRestartTest {
  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  static final RoutingPolicy POLICY = RoutingPolicy.defaults();
  static final org.crisisline.events.Sealed CONTACT = org.crisisline.events.PiiCipher.fromKeyring(
      org.crisisline.events.PiiCipher.generateKeyring("k1")).seal("callerContact", "r-restart", "{\"phone\":\"+1\"}");

  RoutingEngine engine = new RoutingEngine(POLICY);
  /** The timer store: by key, so due ones come first. */
  final TreeMap<String, Timer> timers = new TreeMap<>();
  final List<OfferMade> offers = new ArrayList<>();
  final List<RequestStatusChanged> statuses = new ArrayList<>();
  final List<org.crisisline.events.FollowUpEvent> followUpEvents = new ArrayList<>();
  Instant now = T0;
  int answered = 1;

  @Test
  void followUpsSurviveARestartMidPlan() {
    responder("carla", ResponderKind.HOTLINE_COUNSELLOR);
    responder("pia", ResponderKind.PEER_SPECIALIST);
    apply(engine.onRequestLogged(new HelpRequestLogged(Ids.newId(), now, "r-restart", Channel.PHONE, Urgency.HIGH,
        Need.CRISIS_COUNSELLING, null, "es", "north", "97201", AgeGroup.ADULT, List.of(), null, CONTACT, true, "staff"),
        now));
    OfferMade o = offers.get(0);
    apply(engine.onAnswer("north", new OfferAccepted(Ids.newId(), now, o.requestId(), o.offerId(), "carla",
        AnswerVia.API), now));
    apply(engine.onAnswer("north", new RequestCompleted(Ids.newId(), now, "r-restart", "carla",
        Disposition.SUPPORTED_DE_ESCALATED, null), now));
    restart();
    assertThat(root().callerContact).as("kept, sealed, for the caring messages").isEqualTo(CONTACT);
    advance(Duration.ofHours(25));
    assertThat(followUps()).hasSize(1);
    restart();
    advance(Duration.ofMinutes(5));
    assertThat(followUps()).hasSize(1);
    advance(Duration.ofHours(48));
    assertThat(followUps()).hasSize(2);
    restart();
    assertThat(root().callerContact).isEqualTo(CONTACT);
    assertThat(dues()).hasSize(2).allSatisfy(d -> assertThat(d.callerContact()).isEqualTo(CONTACT));
    advance(Duration.ofDays(4).plusHours(1));
    assertThat(followUps()).hasSize(3);
    assertThat(root().callerContact).as("dropped once the last follow-up is due").isNull();
    restart();
    advance(Duration.ofDays(10));
    assertThat(dues()).extracting(org.crisisline.events.FollowUpDue::followUpId)
        .containsExactlyElementsOf(followUps().stream().map(RequestStatusChanged::requestId).toList());
    List<String> ids = followUps().stream().map(RequestStatusChanged::requestId).toList();
    assertThat(ids).hasSize(3).doesNotHaveDuplicates();
    for (String id : ids) {
      assertThat(offers.stream().filter(x -> x.requestId().equals(id)))
          .singleElement().satisfies(x -> assertThat(x.responderId()).isEqualTo("pia"));
    }
    assertThat(ids).containsExactly(FollowUps.followUpId("r-restart", 1, 1), FollowUps.followUpId("r-restart", 2, 1),
        FollowUps.followUpId("r-restart", 3, 1));
    // Once the last follow-up was due (and retain.terminal passed), the ended request is purged.
    assertThat(engine.queries().requests("north")).noneMatch(r -> r.requestId().equals("r-restart"));
  }

  private RequestState root() {
    return engine.queries().requests("north").stream().filter(r -> r.requestId().equals("r-restart")).findFirst()
        .orElseThrow();
  }

  private List<org.crisisline.events.FollowUpDue> dues() {
    return followUpEvents.stream().filter(org.crisisline.events.FollowUpDue.class::isInstance)
        .map(org.crisisline.events.FollowUpDue.class::cast).toList();
  }

  private List<RequestStatusChanged> followUps() {
    return statuses.stream().filter(s -> s.status() == RequestStatus.QUEUED
        && s.reason().endsWith("; follow-up " + s.reason().replaceAll(".*; follow-up (\\d+) of.*", "$1")
        + " of request r-restart")).toList();
  }

  private void responder(String id, ResponderKind kind) {
    ResponderProfile p = new ResponderProfile(Ids.newId(), now, id, id, kind, "north", List.of("es"), List.of(), 3,
        new Contact(null, id + "@example.org"), List.of(DeliveryChannel.EMAIL), true);
    apply(engine.onResponder(new ResponderView(id, "north", p,
        new ResponderStatusChanged(Ids.newId(), now, id, ResponderStatus.AVAILABLE, "shift", id), false), now));
  }

  private void advance(Duration d) {
    Instant target = now.plus(d);
    while (!timers.isEmpty() && timers.firstEntry().getValue().dueAt() <= target.toEpochMilli()) {
      Timer t = timers.pollFirstEntry().getValue();
      now = Instant.ofEpochMilli(Math.max(now.toEpochMilli(), t.dueAt()));
      apply(engine.onTimer(t, now));
      takeFollowUps();
    }
    now = target;
  }

  /** The peer specialist takes and completes each follow-up as it is offered (else it would time out). */
  private void takeFollowUps() {
    while (answered < offers.size()) {
      OfferMade o = offers.get(answered++);
      if (o.responderId().equals("pia")) {
        apply(engine.onAnswer("north", new OfferAccepted(Ids.newId(), now, o.requestId(), o.offerId(), "pia",
            AnswerVia.API), now));
        apply(engine.onAnswer("north", new RequestCompleted(Ids.newId(), now, o.requestId(), "pia",
            Disposition.SUPPORTED_DE_ESCALATED, null), now));
      }
    }
  }

  /** A fresh engine from the stores' contents, each value through its store serde. */
  private void restart() {
    JsonStateSerde<RequestState> rs = new JsonStateSerde<>(RequestState.class);
    JsonStateSerde<ResponderState> ps = new JsonStateSerde<>(ResponderState.class);
    JsonStateSerde<Timer> ts = new JsonStateSerde<>(Timer.class);
    RoutingEngine fresh = new RoutingEngine(POLICY);
    engine.queries().responders("north").forEach(r -> fresh.restore(ps.deserialize("t", ps.serialize("t", r))));
    engine.queries().requests("north").forEach(r -> fresh.restore(rs.deserialize("t", rs.serialize("t", r))));
    timers.replaceAll((k, t) -> ts.deserialize("t", ts.serialize("t", t)));
    engine = fresh;
  }

  private void apply(Outcome out) {
    out.timers().forEach(t -> timers.put(t.key(), t));
    out.events().forEach(e -> {
      if (e instanceof OfferMade o) {
        offers.add(o);
      } else if (e instanceof RequestStatusChanged s) {
        statuses.add(s);
      } else if (e instanceof org.crisisline.events.FollowUpEvent f) {
        followUpEvents.add(f);
      }
    });
    assertThat(out.forwards()).as("one region: nothing moves").isEmpty();
  }
}

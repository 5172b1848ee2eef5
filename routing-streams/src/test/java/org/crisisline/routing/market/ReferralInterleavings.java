package org.crisisline.routing.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.statistics.Statistics;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.Channel;
import org.crisisline.events.Contact;
import org.crisisline.events.Event;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.LocalService;
import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.OfferRescinded;
import org.crisisline.events.ReferralAccepted;
import org.crisisline.events.ReferralDeclineReason;
import org.crisisline.events.ReferralDeclined;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.ReferralOutcome;
import org.crisisline.events.ReferralOutcomeRecorded;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.ServiceStatus;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;
import org.crisisline.routing.market.RoutingInvariantsTest.Simulation;
import org.crisisline.routing.market.RoutingInvariantsTest.Step;

/**
 * The closed-loop referral and handoff part of {@link RoutingInvariantsTest}: directory services
 * open at every hour, their answers (current, stale, from the wrong service, outcomes) and handoffs
 * of accepted requests, with the invariants they must keep: no service is offered a request twice;
 * a REFERRED request holds exactly one referral offer, whose answer deadline is a pending timer
 * (it cannot be left waiting silently); only the service of the current offer can end it
 * REFERRAL_ACCEPTED; outcomes follow an accept and change no status; a handed-on request names
 * its parent in its first status.
 */
final class ReferralInterleavings {
  /** requestId -> services it was offered to, in order. */
  final Map<String, List<String>> servicesOffered = new HashMap<>();
  /** requestId -> its outstanding referral offer. */
  final Map<String, OfferMade> current = new HashMap<>();
  /** requestId -> the referral offer a service accepted. */
  final Map<String, OfferMade> accepted = new HashMap<>();
  final List<OfferMade> everyReferral = new ArrayList<>();
  final Map<String, String> parentOf = new HashMap<>();
  final Set<String> handedBack = new HashSet<>();
  int outcomes;

  /** Per region: services open every hour, with one to three places; one speaks only Spanish. */
  void addServices(Simulation sim) {
    for (String region : RoutingInvariantsTest.REGIONS) {
      int count = region.equals("north") ? 3 : 2;
      for (int i = 0; i < count; i++) {
        String id = region + "-s" + i;
        List<LocalService.OpeningHours> always = Arrays.stream(DayOfWeek.values())
            .map(d -> new LocalService.OpeningHours(d, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)).toList();
        LocalService svc = new LocalService(Ids.newId(), sim.now, id, "Org " + id, "Group " + id, "group",
            List.of(ReferralKind.SUPPORT_GROUP), ServiceStatus.ACTIVE,
            new LocalService.ServiceArea(List.of(region), List.of()), i == 2 ? List.of("es") : List.of("en", "es"),
            null, always, "UTC", new LocalService.Capacity(1 + i % 3, 10, sim.now),
            new Contact(null, id + "@example.org"), null, null, null);
        sim.apply(sim.engine.onService(region, svc, false, sim.now));
      }
    }
  }

  void step(Simulation sim, Step s) {
    switch (s.kind()) {
      case SVC_ACCEPT, SVC_DECLINE -> {
        List<OfferMade> open = current.values().stream().sorted((x, y) -> x.offerId().compareTo(y.offerId())).toList();
        if (open.isEmpty()) {
          return;
        }
        OfferMade o = open.get(s.a() % open.size());
        sim.dispatch(sim.homeOf(o.requestId()), s.kind() == RoutingInvariantsTest.Kind.SVC_ACCEPT
            ? new ReferralAccepted(Ids.newId(), sim.now, o.requestId(), o.offerId(), o.serviceId(), AnswerVia.LINK)
            : new ReferralDeclined(Ids.newId(), sim.now, o.requestId(), o.offerId(), o.serviceId(),
                ReferralDeclineReason.values()[s.b() % ReferralDeclineReason.values().length], AnswerVia.LINK));
      }
      case SVC_OUTCOME -> {
        List<OfferMade> done = accepted.values().stream().sorted((x, y) -> x.offerId().compareTo(y.offerId())).toList();
        if (done.isEmpty()) {
          return;
        }
        OfferMade o = done.get(s.a() % done.size());
        String service = s.b() % 5 == 0 ? "north-s0" : o.serviceId();
        sim.dispatch(sim.homeOf(o.requestId()), new ReferralOutcomeRecorded(Ids.newId(), sim.now, o.requestId(),
            o.offerId(), service, ReferralOutcome.values()[s.c() % ReferralOutcome.values().length], AnswerVia.LINK));
      }
      case SVC_STALE -> {
        if (everyReferral.isEmpty()) {
          return;
        }
        // Any referral offer ever made, answered by its service or by another one.
        OfferMade o = everyReferral.get(s.a() % everyReferral.size());
        String service = s.b() % 3 == 0 ? (o.serviceId().equals("north-s0") ? "north-s1" : "north-s0") : o.serviceId();
        sim.dispatch(sim.homeOf(o.requestId()), s.c() % 2 == 0
            ? new ReferralAccepted(Ids.newId(), sim.now, o.requestId(), o.offerId(), service, AnswerVia.LINK)
            : new ReferralDeclined(Ids.newId(), sim.now, o.requestId(), o.offerId(), service,
                ReferralDeclineReason.OTHER, AnswerVia.LINK));
      }
      case HANDOFF -> handoff(sim, s);
      default -> throw new IllegalArgumentException(s.kind().name());
    }
  }

  /** The responder of an accepted request hands the person on: a child request, to peer support or a service. */
  private void handoff(Simulation sim, Step s) {
    List<String> acceptedNow = sim.requestIds.stream().filter(r -> sim.last.get(r) == RequestStatus.ACCEPTED).toList();
    if (acceptedNow.isEmpty()) {
      return;
    }
    String parent = acceptedNow.get(s.a() % acceptedNow.size());
    String id = "req-" + sim.requestIds.size();
    Need need = s.b() % 2 == 0 ? Need.PEER_SUPPORT : Need.REFERRAL;
    Urgency u = Urgency.values()[1 + s.c() % 3];
    String region = sim.homeOf(parent);
    sim.requestIds.add(id);
    sim.urgencyOf.put(id, u);
    sim.ttlDeadline.put(id, sim.now.plus(RoutingInvariantsTest.POLICY.ttl(u)));
    parentOf.put(id, parent);
    sim.apply(sim.engine.onRequestLogged(new HelpRequestLogged(Ids.newId(), sim.now, id, Channel.PHONE, u, need,
        need == Need.REFERRAL ? ReferralKind.SUPPORT_GROUP : null, "en", region, "97201", AgeGroup.ADULT, List.of(),
        null, null, true, sim.acceptedBy.get(parent), null, null,
        need == Need.REFERRAL && s.c() % 2 == 0 ? region + "-s0" : null, parent), sim.now));
  }

  /** Checks and records a referral event; true when the generic bookkeeping must skip it. */
  boolean record(Simulation sim, Event e) {
    if (e instanceof OfferMade o && o.serviceId() != null) {
      List<String> tried = servicesOffered.computeIfAbsent(o.requestId(), k -> new ArrayList<>());
      assertThat(tried).as("services already offered %s", o.requestId()).doesNotContain(o.serviceId());
      assertThat(current).as("referral offers outstanding for %s", o.requestId()).doesNotContainKey(o.requestId());
      assertThat(sim.outstanding.getOrDefault(o.requestId(), Set.of())).as("responder offers of %s", o.requestId())
          .isEmpty();
      tried.add(o.serviceId());
      current.put(o.requestId(), o);
      everyReferral.add(o);
      return true;
    }
    if (e instanceof OfferRescinded r && current.containsKey(r.requestId())
        && current.get(r.requestId()).offerId().equals(r.offerId())) {
      current.remove(r.requestId());
      return true;
    }
    if (!(e instanceof RequestStatusChanged s) || s.isRejectedAnswer()) {
      return false;
    }
    if (parentOf.containsKey(s.requestId()) && !sim.last.containsKey(s.requestId())) {
      assertThat(s.reason()).as("first status of handed-on %s", s.requestId())
          .contains("handed on from request " + parentOf.get(s.requestId()));
    }
    if (s.kind() == StatusKind.REFERRAL_OUTCOME) {
      assertThat(sim.last.get(s.requestId())).as("status before an outcome of %s", s.requestId())
          .isEqualTo(RequestStatus.REFERRAL_ACCEPTED);
      assertThat(s.status()).isEqualTo(RequestStatus.REFERRAL_ACCEPTED);
      assertThat(s.serviceId()).isEqualTo(accepted.get(s.requestId()).serviceId());
      outcomes++;
      return true;
    }
    if (s.status() == RequestStatus.REFERRED) {
      assertThat(current.get(s.requestId())).as("referral offer of REFERRED %s", s.requestId()).isNotNull()
          .matches(o -> o.offerId().equals(s.offerId()) && o.serviceId().equals(s.serviceId()));
    } else if (s.status() == RequestStatus.REFERRAL_ACCEPTED) {
      OfferMade o = current.remove(s.requestId());
      assertThat(o).as("the referral offer %s accepted", s.offerId()).isNotNull();
      assertThat(s.offerId()).isEqualTo(o.offerId());
      assertThat(s.serviceId()).isEqualTo(o.serviceId());
      accepted.put(s.requestId(), o);
    } else if (s.reason() != null && s.reason().contains("handed to peer support")) {
      handedBack.add(s.requestId());
    }
    return false;
  }

  /** A REFERRED request holds one referral offer whose answer deadline is pending: nobody waits silently. */
  void check(Simulation sim) {
    for (String id : sim.requestIds) {
      RequestStatus st = sim.last.get(id);
      if (st == RequestStatus.REFERRED) {
        OfferMade o = current.get(id);
        assertThat(o).as("referral offer of %s", id).isNotNull();
        assertThat(sim.timers.values()).as("answer deadline of %s", id).anyMatch(t ->
            t.kind() == Timer.Kind.REFERRAL_ANSWER_DUE && t.ref().equals(o.offerId()));
      } else {
        assertThat(current).as("referral offer of %s, now %s", id, st).doesNotContainKey(id);
      }
    }
  }

  void statistics(Simulation sim) {
    Statistics.label("some referral accepted").collect(!accepted.isEmpty());
    Statistics.label("some referral moved on").collect(servicesOffered.values().stream().anyMatch(l -> l.size() > 1));
    Statistics.label("some handed to peer support").collect(!handedBack.isEmpty());
    Statistics.label("some handoff").collect(!parentOf.isEmpty());
    Statistics.label("some outcome").collect(outcomes > 0);
  }
}

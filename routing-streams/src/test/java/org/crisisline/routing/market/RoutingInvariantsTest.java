package org.crisisline.routing.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.crisisline.events.Disposition;
import org.crisisline.events.CancelReason;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.Channel;
import org.crisisline.events.Contact;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.DeliveryFailed;
import org.crisisline.events.Event;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.OfferAccepted;
import org.crisisline.events.OfferDeclined;
import org.crisisline.events.OfferMade;
import org.crisisline.events.OfferRescinded;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.RequestCancelled;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.ResponderStatusChanged;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;
import org.crisisline.routing.rules.Eligibility;
import org.crisisline.routing.streams.JsonStateSerde;

/**
 * Random interleavings of requests, availability changes, answers (current, late, duplicate),
 * cancellations, delivery failures, clock advances and restarts (state round-tripped through its
 * store serde, deadlines taken from the restored state alone), checked after every step against the
 * routing invariants: never accepted twice, one terminal state, capacity, no parallel offers beyond
 * {@code offer.parallel} nor two to one responder, none left out once accepted or closed, never
 * re-offered to someone who declined, no offer outstanding past its timeout.
 * Service answers (accept, decline, outcome, stale or from the wrong service) and handoffs are in
 * the interleavings too ({@link ReferralInterleavings}): no service offered a request twice, a
 * REFERRED request always has one referral offer and its answer deadline, and none is lost.
 * Half the callers consent to be contacted: follow-ups of their ended requests are routed in the
 * same interleavings and held to the same invariants.
 */
class RoutingInvariantsTest {
  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  static final List<String> REGIONS = List.of("north", "south");
  static final RoutingPolicy POLICY = RoutingPolicy.defaults().with(Map.of(
      "ttl.IMMINENT_RISK", "900", "ttl.HIGH", "1200", "ttl.MODERATE", "1800", "ttl.LOW", "2400",
      "ttl.accepted", "1800", "sla.HIGH", "120", "sla.MODERATE", "300", "sla.LOW", "600",
      "backup.north", "south", "backup.south", "north")).with(Map.of("offer.parallel.HIGH", "2",
      "referral.ack.timeout", "300")).with(Map.of("followup.plan.HIGH", "10m,30m", "followup.plan.LOW", "20m"));

  enum Kind {
    REQUEST, STATUS, ACCEPT, DECLINE, COMPLETE, CANCEL, FAIL, ADVANCE, STALE_ACCEPT, RESTART,
    SVC_ACCEPT, SVC_DECLINE, SVC_OUTCOME, SVC_STALE, HANDOFF
  }

  record Step(Kind kind, int a, int b, int c) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step = Combinators.combine(
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, Arbitraries.just(Kind.REQUEST)),
            net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.STATUS)),
            net.jqwik.api.Tuple.of(5, Arbitraries.just(Kind.ACCEPT)),
            net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.DECLINE)),
            net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.COMPLETE)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.CANCEL)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.FAIL)),
            net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.ADVANCE)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.STALE_ACCEPT)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.RESTART)),
            net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.SVC_ACCEPT)),
            net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.SVC_DECLINE)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.SVC_OUTCOME)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.SVC_STALE)),
            net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.HANDOFF))),
        Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 1000),
        Arbitraries.integers().between(0, 1000)).as(Step::new);
    return step.list().ofMinSize(5).ofMaxSize(80);
  }

  @Property(tries = 500)
  void routingInvariantsHoldForAnyInterleaving(@ForAll("steps") List<Step> steps) {
    new Simulation().run(steps);
  }

  /** Drives one engine like the market processor does, and checks invariants after every step. */
  static final class Simulation {
    RoutingEngine engine = new RoutingEngine(POLICY);
    Instant now = T0;
    final TreeMap<String, Timer> timers = new TreeMap<>();
    final List<String> requestIds = new ArrayList<>();
    final Map<String, Instant> ttlDeadline = new HashMap<>();
    final Map<String, Set<String>> outstanding = new HashMap<>();
    final Map<String, OfferMade> offersById = new HashMap<>();
    /** requestId -> responders who declined one of its offers: never offered it again. */
    final Map<String, Set<String>> declinedBy = new HashMap<>();
    final Map<String, Integer> accepts = new HashMap<>();
    final Map<String, Integer> terminals = new HashMap<>();
    final Map<String, RequestStatus> last = new HashMap<>();
    final Map<String, Integer> capacity = new HashMap<>();
    final List<String> responderIds = new ArrayList<>();

    void run(List<Step> steps) {
      int n = 0;
      for (String region : REGIONS) {
        for (int i = 0; i < 3; i++) {
          String id = region + "-r" + i;
          int cap = 1 + (n++ % 2);
          capacity.put(id, cap);
          responderIds.add(id);
          List<String> langs = i == 2 ? List.of("es") : List.of("en", "es");
          ResponderKind kind = i == 1 && region.equals("south") ? ResponderKind.PEER_SPECIALIST
              : ResponderKind.HOTLINE_COUNSELLOR;
          apply(engine.onResponder(new ResponderView(id, region, profile(id, kind, region, langs,
              i == 0 ? List.of("VETERANS") : List.of(), cap),
              new ResponderStatusChanged(Ids.newId(), now, id, ResponderStatus.AVAILABLE, "shift", id), false), now));
        }
      }
      referrals.addServices(this);
      for (Step s : steps) {
        step(s);
        check();
      }
      // Finally: once every TTL (and the accepted TTL) has passed, every request is terminal — a
      // referral after every service had its answer time and a peer specialist a fresh TTL.
      Duration lifetime = POLICY.ttl(Urgency.LOW).plus(POLICY.acceptedTtl());
      advance(lifetime.plus(ReferralTimes.of(POLICY).ackTimeout().multipliedBy(6)).plus(lifetime).plusSeconds(60));
      check();
      for (String id : requestIds) {
        assertThat(last.get(id)).as("final status of %s", id).matches(RequestStatus::isTerminal);
      }
      Statistics.label("some accepted").collect(!accepts.isEmpty());
      Statistics.label("some parallel offers").collect(parallelSeen);
      Statistics.label("some follow-ups").collect(followUpNotes > 0);
      Statistics.label("some completed").collect(last.containsValue(RequestStatus.COMPLETED));
      Statistics.label("some expired").collect(last.containsValue(RequestStatus.EXPIRED));
      referrals.statistics(this);
      Statistics.label("some rolled over").collect(home.keySet().stream().anyMatch(
          r -> offersById.values().stream().anyMatch(o -> o.requestId().equals(r) && !o.region().equals(home.get(r)))));
    }

    void step(Step s) {
      switch (s.kind()) {
        case REQUEST -> {
          String id = "req-" + requestIds.size();
          Urgency u = Urgency.values()[s.a() % 4];
          Need need = s.b() % 5 == 0 ? Need.PEER_SUPPORT : s.b() % 5 == 1 ? Need.REFERRAL : Need.CRISIS_COUNSELLING;
          String lang = s.c() % 4 == 0 ? "es" : s.c() % 7 == 0 ? "fr" : "en";
          List<String> specialties = s.c() % 3 == 0 ? List.of("VETERANS") : List.of();
          String region = REGIONS.get(s.b() % 2);
          requestIds.add(id);
          ttlDeadline.put(id, now.plus(POLICY.ttl(u)));
          urgencyOf.put(id, u);
          apply(engine.onRequestLogged(new HelpRequestLogged(Ids.newId(), now, id, Channel.PHONE, u, need,
              need == Need.REFERRAL ? ReferralKind.SUPPORT_GROUP : null, lang, region, "97201", AgeGroup.ADULT,
              specialties, null, null, s.c() % 2 == 0, "staff", null, null,
              need == Need.REFERRAL && s.c() % 5 == 0 ? region + "-s1" : null, null), now));
        }
        case STATUS -> {
          String id = responderIds.get(s.a() % responderIds.size());
          ResponderStatus st = ResponderStatus.values()[s.b() % 4 == 3 ? 0 : s.b() % 4];
          String region = id.substring(0, id.indexOf('-'));
          ResponderProfile p = findProfile(id);
          apply(engine.onResponder(new ResponderView(id, region, p,
              new ResponderStatusChanged(Ids.newId(), now, id, st, "test", id), false), now));
        }
        case ACCEPT, DECLINE, FAIL -> {
          OfferMade o = pickOutstanding(s.a());
          if (o == null) {
            return;
          }
          if (s.kind() == Kind.DECLINE) {
            declinedBy.computeIfAbsent(o.requestId(), k -> new HashSet<>()).add(o.responderId());
          }
          Event e = s.kind() == Kind.ACCEPT
              ? new OfferAccepted(Ids.newId(), now, o.requestId(), o.offerId(), o.responderId(), AnswerVia.API)
              : s.kind() == Kind.DECLINE
                  ? new OfferDeclined(Ids.newId(), now, o.requestId(), o.offerId(), o.responderId(), null, null, AnswerVia.SMS_REPLY)
                  : new DeliveryFailed(Ids.newId(), now, o.offerId(), o.requestId(), o.responderId(),
                      DeliveryChannel.SMS, "x", true, true);
          dispatch(homeOf(o.requestId()), e);
        }
        case STALE_ACCEPT -> {
          if (offersById.isEmpty()) {
            return;
          }
          List<OfferMade> all = new ArrayList<>(offersById.values());
          OfferMade o = all.get(s.a() % all.size());
          dispatch(homeOf(o.requestId()),
              new OfferAccepted(Ids.newId(), now, o.requestId(), o.offerId(), o.responderId(), AnswerVia.LINK));
        }
        case COMPLETE -> {
          List<String> accepted = requestIds.stream().filter(r -> last.get(r) == RequestStatus.ACCEPTED).toList();
          if (accepted.isEmpty()) {
            return;
          }
          String r = accepted.get(s.a() % accepted.size());
          String who = acceptedBy.get(r);
          dispatch(homeOf(r), new RequestCompleted(Ids.newId(), now, r, s.b() % 10 == 0 ? "someone-else" : who, Disposition.OTHER, null));
        }
        case CANCEL -> {
          if (requestIds.isEmpty()) {
            return;
          }
          String r = requestIds.get(s.a() % requestIds.size());
          dispatch(homeOf(r), new RequestCancelled(Ids.newId(), now, r, "staff", CancelReason.OTHER, null));
        }
        case ADVANCE -> advance(Duration.ofSeconds(1 + s.a() % 400));
        case SVC_ACCEPT, SVC_DECLINE, SVC_OUTCOME, SVC_STALE, HANDOFF -> referrals.step(this, s);
        case RESTART -> restart();
      }
    }

    final Map<String, String> acceptedBy = new HashMap<>();
    final Map<String, Urgency> urgencyOf = new HashMap<>();
    final ReferralInterleavings referrals = new ReferralInterleavings();
    boolean parallelSeen;
    int followUpNotes;
    final Map<String, String> home = new HashMap<>();

    String homeOf(String requestId) {
      return home.getOrDefault(requestId, "north");
    }

    ResponderProfile findProfile(String id) {
      for (String region : REGIONS) {
        for (ResponderState r : engine.queries().responders(region)) {
          if (r.responderId().equals(id)) {
            return r.profile;
          }
        }
      }
      throw new IllegalStateException(id);
    }

    OfferMade pickOutstanding(int i) {
      List<String> ids = outstanding.values().stream().flatMap(Set::stream).sorted().toList();
      return ids.isEmpty() ? null : offersById.get(ids.get(i % ids.size()));
    }

    void dispatch(String region, Event e) {
      Outcome out;
      if (e instanceof RequestCancelled c) {
        out = engine.onCancelled(region, c, now);
      } else if (e instanceof DeliveryFailed f) {
        out = engine.onDeliveryFailed(region, f, now);
      } else {
        out = engine.onAnswer(region, (org.crisisline.events.AnswerEvent) e, now);
      }
      apply(out);
    }

    void advance(Duration d) {
      Instant target = now.plus(d);
      // Fire due timers in order, at their due time (punctuation granularity aside).
      while (!timers.isEmpty() && timers.firstEntry().getValue().dueAt() <= target.toEpochMilli()) {
        Timer t = timers.pollFirstEntry().getValue();
        now = Instant.ofEpochMilli(Math.max(now.toEpochMilli(), t.dueAt()));
        apply(engine.onTimer(t, now));
        check();
      }
      now = target;
    }

    void restart() {
      JsonStateSerde<RequestState> rs = new JsonStateSerde<>(RequestState.class);
      JsonStateSerde<ResponderState> ps = new JsonStateSerde<>(ResponderState.class);
      JsonStateSerde<ServiceState> ss = new JsonStateSerde<>(ServiceState.class);
      RoutingEngine fresh = new RoutingEngine(POLICY);
      for (String region : REGIONS) {
        engine.queries().responders(region).forEach(r -> fresh.restore(ps.deserialize("t", ps.serialize("t", r))));
        engine.queries().services(region).forEach(x -> fresh.restore(ss.deserialize("t", ss.serialize("t", x))));
        engine.queries().requests(region).forEach(r -> fresh.restore(rs.deserialize("t", rs.serialize("t", r))));
      }
      engine = fresh;
      // As routing's processor does: the deadlines are what the restored states hold, nothing else.
      timers.clear();
      for (String region : REGIONS) {
        fresh.queries().requests(region).forEach(r -> r.timers().forEach(t -> timers.put(t.key(), t)));
      }
    }

    void apply(Outcome out) {
      Deque<Outcome> queue = new ArrayDeque<>();
      queue.add(out);
      while (!queue.isEmpty()) {
        Outcome o = queue.poll();
        o.timers().forEach(t -> timers.put(t.key(), t));
        for (Event e : o.events()) {
          record(e);
        }
        for (Outcome.Forward f : o.forwards()) {
          if (f.transfer() != null) {
            queue.add(engine.onTransferIn(f.transfer(), now));
          } else {
            Event e = f.event();
            queue.add(e instanceof RequestCancelled c ? engine.onCancelled(f.market(), c, now)
                : e instanceof DeliveryFailed df ? engine.onDeliveryFailed(f.market(), df, now)
                : engine.onAnswer(f.market(), (org.crisisline.events.AnswerEvent) e, now));
          }
        }
      }
    }

    void record(Event e) {
      if (e instanceof RequestStatusChanged s && s.kind() == StatusKind.FOLLOW_UP) {
        // A note on an ended request (follow-ups scheduled, one logged): the status is repeated, not changed.
        assertThat(s.status()).as("status in a follow-up note of %s", s.requestId()).isEqualTo(last.get(s.requestId()));
        followUpNotes++;
        return;
      }
      if (referrals.record(this, e)) {
        return;
      }
      if (e instanceof OfferMade o) {
        assertThat(declinedBy.getOrDefault(o.requestId(), Set.of())).as("decliners of %s", o.requestId())
            .doesNotContain(o.responderId());
        Set<String> out = outstanding.computeIfAbsent(o.requestId(), k -> new LinkedHashSet<>());
        assertThat(out.stream().map(id -> offersById.get(id).responderId()))
            .as("responders already holding an offer of %s", o.requestId()).doesNotContain(o.responderId());
        offersById.put(o.offerId(), o);
        out.add(o.offerId());
        assertThat(out).as("offers outstanding for %s", o.requestId())
            .hasSizeLessThanOrEqualTo(POLICY.offerParallel(o.urgency()));
        if (out.size() > 1) {
          parallelSeen = true;
        }
      } else if (e instanceof OfferRescinded r) {
        outstanding.getOrDefault(r.requestId(), new HashSet<>()).remove(r.offerId());
      } else if (e instanceof RequestStatusChanged s) {
        home.putIfAbsent(s.requestId(), s.region());
        if (s.isRejectedAnswer()) {
          return;
        }
        last.put(s.requestId(), s.status());
        if (s.status() == RequestStatus.ACCEPTED) {
          accepts.merge(s.requestId(), 1, Integer::sum);
          acceptedBy.put(s.requestId(), s.responderId());
          outstanding.getOrDefault(s.requestId(), new HashSet<>()).remove(s.offerId());
        }
        if (s.status().isTerminal()) {
          terminals.merge(s.requestId(), 1, Integer::sum);
        }
        if (s.status() == RequestStatus.QUEUED && s.reason().contains("handed to peer support")) {
          ttlDeadline.put(s.requestId(), now.plus(POLICY.ttl(urgencyOf.get(s.requestId()))));
        }
      }
    }

    void check() {
      accepts.forEach((r, n) -> assertThat(n).as("accepts of %s", r).isLessThanOrEqualTo(1));
      terminals.forEach((r, n) -> assertThat(n).as("terminal states of %s", r).isEqualTo(1));
      outstanding.forEach((r, offers) -> {
        if (!offers.isEmpty()) {
          Urgency u = offersById.get(offers.iterator().next()).urgency();
          assertThat(offers).as("outstanding offers of %s", r).hasSizeLessThanOrEqualTo(POLICY.offerParallel(u));
        }
        if (RequestStatus.ACCEPTED.equals(last.get(r)) || (last.get(r) != null && last.get(r).isTerminal())) {
          assertThat(offers).as("offers of %s still out once it is %s", r, last.get(r)).isEmpty();
        }
      });
      for (String region : REGIONS) {
        for (ResponderState r : engine.queries().responders(region)) {
          assertThat(r.load()).as("load of %s", r.responderId()).isLessThanOrEqualTo(capacity.get(r.responderId()));
        }
        // Brute force, independent of the indexes: no waiting request has an eligible free responder.
        for (RequestState q : engine.queries().requests(region)) {
          if (!q.isWaiting()) {
            continue;
          }
          for (ResponderState r : engine.queries().responders(region)) {
            boolean eligible = Eligibility.eligible(r.canTakeOffer(), r.pool(), r.languages(), r.specialties(),
                q.excluded.contains(r.responderId), q.pool, q.language(), q.requiredSpecialties(POLICY));
            assertThat(eligible).as("%s waits while %s is free and eligible", q.requestId, r.responderId).isFalse();
          }
        }
      }
      referrals.check(this);
      // No offer outlives its timeout once the deadlines due have fired: none was lost (e.g. by a restart).
      for (String region : timersPendingBefore(now.minusSeconds(1)) ? List.<String>of() : REGIONS) {
        for (RequestState q : engine.queries().requests(region)) {
          q.offers().forEach((offerId, o) -> assertThat(now.toEpochMilli())
              .as("offer %s of %s still outstanding past its timeout", offerId, q.requestId)
              .isLessThan(o.expiresAt() + 1000));
        }
      }
      for (String id : requestIds) {
        if (!now.isBefore(ttlDeadline.get(id).plusSeconds(1)) && !timersPendingBefore(now)) {
          assertThat(last.get(id)).as("status of %s after its TTL", id)
              .matches(st -> st.isTerminal() || st == RequestStatus.ACCEPTED || st == RequestStatus.REFERRED);
        }
      }
    }

    boolean timersPendingBefore(Instant t) {
      return !timers.isEmpty() && timers.firstEntry().getValue().dueAt() <= t.toEpochMilli();
    }

    static ResponderProfile profile(String id, ResponderKind kind, String region, List<String> langs,
        List<String> specialties, int cap) {
      return new ResponderProfile(Ids.newId(), T0, id, id, kind, region, langs, specialties, cap,
          new Contact(null, id + "@example.org"), List.of(DeliveryChannel.EMAIL), true);
    }
  }
}

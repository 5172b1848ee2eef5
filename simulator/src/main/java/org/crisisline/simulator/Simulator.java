package org.crisisline.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;
import org.crisisline.events.AlertRaised;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.CancelReason;
import org.crisisline.events.Channel;
import org.crisisline.events.Contact;
import org.crisisline.events.DeclineReason;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.Disposition;
import org.crisisline.events.Event;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.OfferAccepted;
import org.crisisline.events.OfferDeclined;
import org.crisisline.events.OfferEvent;
import org.crisisline.events.OfferMade;
import org.crisisline.events.OfferRescinded;
import org.crisisline.events.RequestCancelled;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.ResponderStatusChanged;
import org.crisisline.routing.market.RoutingPolicy;
import org.crisisline.routing.market.Timer;

/**
 * Runs a {@link Scenario} through the real routing topology ({@link RoutingHarness}) as a
 * discrete-event simulation. The agenda holds what people do (a caller logs a request or hangs up,
 * a responder comes on or off shift, answers an offer, completes a call); routing's own deadlines
 * come from its timer store. The clock jumps from one to the next, so a quiet night costs nothing.
 * Every routing output is read back at once: an offer makes the responder's answer due, an
 * acceptance makes the completion due.
 */
final class Simulator {
  /** After arrivals stop, requests still waiting are followed at most this long. */
  static final Duration DRAIN_LIMIT = Duration.ofHours(24);
  /** Routing fires due deadlines on a one-second wall-clock tick. */
  private static final long TICK_MILLIS = 1000;

  private record Action(long at, long seq, Runnable run) {}

  private final RoutingPolicy policy;
  private final long seed;
  private final Consumer<String> progress;
  private final PriorityQueue<Action> agenda = new PriorityQueue<>(
      (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private final Map<String, Scenario.Caller> callers = new HashMap<>();
  private final Map<String, Scenario.Person> people = new HashMap<>();
  private final Set<String> onShift = new HashSet<>();
  private final Set<String> liveOffers = new HashSet<>();
  private long seq;
  /** Callers still to log. */
  private int arrivalsLeft;
  private int eventSeq;
  private RoutingHarness routing;
  private Outcomes outcomes;
  private Behaviour behaviour;

  Simulator(RoutingPolicy policy, long seed, Consumer<String> progress) {
    this.policy = policy;
    this.seed = seed;
    this.progress = progress;
  }

  Outcomes run(Scenario scenario) {
    outcomes = new Outcomes();
    behaviour = scenario.behaviour();
    long end = scenario.end().toEpochMilli();
    long limit = scenario.end().plus(DRAIN_LIMIT).toEpochMilli();
    try (RoutingHarness h = new RoutingHarness(policy, scenario.start())) {
      routing = h;
      for (Scenario.Person p : scenario.roster()) {
        people.put(p.responderId(), p);
        at(scenario.start().toEpochMilli(), () -> send(profile(p)));
        for (Scenario.Shift s : p.shifts()) {
          at(Math.max(s.from().toEpochMilli(), scenario.start().toEpochMilli()), () -> shiftStarts(p));
          if (s.to().isBefore(Instant.ofEpochMilli(limit))) {
            at(s.to().toEpochMilli(), () -> shiftEnds(p));
          }
        }
      }
      for (Scenario.StatusChange sc : scenario.statuses()) {
        at(Math.max(sc.at().toEpochMilli(), scenario.start().toEpochMilli()), () -> {
          if (sc.status() == ResponderStatus.AVAILABLE) {
            onShift.add(sc.responderId());
          } else {
            onShift.remove(sc.responderId());
          }
          status(sc.responderId(), sc.status());
        });
      }
      for (Scenario.Caller c : scenario.callers()) {
        callers.put(c.requestId(), c);
        arrivalsLeft++;
        at(c.at().toEpochMilli(), () -> log(c));
      }
      long nextReport = scenario.start().toEpochMilli();
      long began = System.nanoTime();
      long now = h.now().toEpochMilli();
      while (true) {
        long next = nextStep(now);
        boolean done = next > end && arrivalsLeft == 0 && outcomes.unsettled() == 0;
        if (next == Long.MAX_VALUE || next > limit || done) {
          break;
        }
        h.advanceTo(Instant.ofEpochMilli(next));
        now = next;
        read();
        while (!agenda.isEmpty() && agenda.peek().at <= now) {
          agenda.poll().run.run();
          read();
        }
        if (now >= nextReport) {
          progress.accept(String.format("simulated up to %s: %d requests logged (%d s)", Instant.ofEpochMilli(now),
              outcomes.requests().size(), (System.nanoTime() - began) / 1_000_000_000));
          nextReport = now + Duration.ofHours(6).toMillis();
        }
      }
      outcomes.runUntil = now;
      progress.accept("driver steps: " + h.inputs + " inputs, " + h.advances + " clock moves");
    }
    return outcomes;
  }

  /** The next instant anything happens: the agenda's next action or routing's next deadline. */
  private long nextStep(long now) {
    long next = agenda.isEmpty() ? Long.MAX_VALUE : agenda.peek().at;
    OptionalLong deadline = routing.nextDeadline(this::matters);
    if (deadline.isPresent()) {
      // A deadline already due waits for routing's next tick, at most a second away.
      long due = deadline.getAsLong() > now ? deadline.getAsLong() : now + TICK_MILLIS;
      next = Math.min(next, due);
    }
    return next;
  }

  /**
   * Whether a deadline can change anything. Routing checks each timer when it fires and ignores one
   * whose request has moved on (an offer answered, a request accepted or closed), so waking the
   * clock for those would only cost time: they fire, to no effect, at the next wake-up.
   */
  private boolean matters(Timer t) {
    Outcomes.Request r = outcomes.get(t.requestId());
    if (r == null) {
      return true;
    }
    return switch (t.kind()) {
      case PURGE -> false;
      case OFFER_TIMEOUT, ESCALATE, RELAX_SPECIALTY, TTL -> r.unanswered();
      case ACCEPTED_TTL -> r.accepted() && r.closedAs == null;
      default -> true;
    };
  }

  private void at(long when, Runnable r) {
    agenda.add(new Action(when, seq++, r));
  }

  private long now() {
    return routing.now().toEpochMilli();
  }

  private String eventId() {
    return "sim-event-" + (++eventSeq);
  }

  private void send(Event e) {
    routing.send(e);
  }

  // ---- people ----

  private void log(Scenario.Caller c) {
    outcomes.logged(c.requestId(), c.urgency(), c.region(), now());
    arrivalsLeft--;
    send(new HelpRequestLogged(eventId(), routing.now(), c.requestId(), Channel.PHONE, c.urgency(), c.need(),
        c.referralKind(), c.language(), c.region(), null, c.ageGroup(), c.specialties(), null, null, false,
        "simulator", null, null, c.serviceId(), c.parentRequestId()));
    if (c.patience() != null) {
      at(now() + c.patience().toMillis(), () -> hangUp(c));
    }
  }

  private void hangUp(Scenario.Caller c) {
    if (outcomes.get(c.requestId()).unanswered()) {
      send(new RequestCancelled(eventId(), routing.now(), c.requestId(), "simulator",
          CancelReason.CALLER_DISCONNECTED, null));
    }
  }

  private ResponderProfile profile(Scenario.Person p) {
    return new ResponderProfile(eventId(), routing.now(), p.responderId(), p.responderId(), p.kind(), p.region(),
        p.languages(), p.specialties(), p.capacity(), new Contact(null, p.responderId() + "@simulated.invalid"),
        List.of(DeliveryChannel.EMAIL), true);
  }

  private void shiftStarts(Scenario.Person p) {
    onShift.add(p.responderId());
    status(p.responderId(), ResponderStatus.AVAILABLE);
  }

  private void shiftEnds(Scenario.Person p) {
    onShift.remove(p.responderId());
    status(p.responderId(), ResponderStatus.OFFLINE);
  }

  private void status(String responderId, ResponderStatus s) {
    send(new ResponderStatusChanged(eventId(), routing.now(), responderId, s, "simulated", responderId));
  }

  private void answer(OfferMade o) {
    Scenario.Person p = people.get(o.responderId());
    String pool = p == null ? "" : p.kind().name();
    Behaviour.Answer a = behaviour.answer(o, pool,
        Distributions.streamFor(seed, o.requestId() + "|" + o.responderId() + "|" + o.attempt()));
    liveOffers.add(o.offerId());
    long answerAt = now() + a.delay().toMillis();
    if (a.kind() == Behaviour.Kind.NO_ANSWER || answerAt >= o.expiresAt().toEpochMilli()) {
      // No answer in time: routing sets them AWAY when the offer runs out; back they come, if still on shift.
      Duration away = behaviour.awayFor(pool);
      if (away != null) {
        at(o.expiresAt().toEpochMilli() + TICK_MILLIS + away.toMillis(), () -> {
          if (onShift.contains(o.responderId())) {
            status(o.responderId(), ResponderStatus.AVAILABLE);
          }
        });
      }
      return;
    }
    boolean accepts = a.kind() == Behaviour.Kind.ACCEPT;
    at(answerAt, () -> {
      if (liveOffers.remove(o.offerId())) {
        send(accepts
            ? new OfferAccepted(eventId(), routing.now(), o.requestId(), o.offerId(), o.responderId(), AnswerVia.API)
            : new OfferDeclined(eventId(), routing.now(), o.requestId(), o.offerId(), o.responderId(),
                DeclineReason.BUSY, null, AnswerVia.API));
      }
    });
  }

  // ---- routing's outputs ----

  private void read() {
    RoutingHarness.Outputs out = routing.drain();
    for (OfferEvent e : out.offers()) {
      if (e instanceof OfferMade o) {
        outcomes.offered(new Outcomes.Offer(now(), o.requestId(), o.responderId(), o.serviceId(), o.attempt()));
        Outcomes.Request r = outcomes.get(o.requestId());
        if (r != null && r.firstOfferAt < 0) {
          r.firstOfferAt = now();
        }
        if (o.responderId() != null) {
          answer(o);
        }
      } else if (e instanceof OfferRescinded x) {
        liveOffers.remove(x.offerId());
      }
    }
    for (RequestStatusChanged s : out.statuses()) {
      onStatus(s);
    }
    for (var a : out.alerts()) {
      if (a instanceof AlertRaised raised && outcomes.get(raised.requestId()) != null) {
        outcomes.get(raised.requestId()).alerts++;
      }
    }
  }

  private void onStatus(RequestStatusChanged s) {
    if (outcomes.onStatus(s, now())) {
      Scenario.Caller c = callers.get(s.requestId());
      String responder = s.responderId();
      at(now() + c.handling().toMillis(), () -> send(new RequestCompleted(eventId(), routing.now(), s.requestId(),
          responder, Disposition.SUPPORTED_DE_ESCALATED, null)));
    }
  }
}

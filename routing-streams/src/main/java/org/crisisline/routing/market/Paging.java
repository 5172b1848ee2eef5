package org.crisisline.routing.market;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.crisisline.events.AlertAckRequested;
import org.crisisline.events.AlertAcknowledged;
import org.crisisline.events.AlertPaged;
import org.crisisline.events.AlertRaised;
import org.crisisline.events.AlertReason;
import org.crisisline.events.AlertResolved;
import org.crisisline.events.AlertStepStarted;
import org.crisisline.events.Ids;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.StatusKind;
import org.crisisline.routing.rules.PagingLadder;
import org.crisisline.routing.rules.PagingLadder.Alert;
import org.crisisline.routing.rules.PagingLadder.Next;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the {@link PagingLadder}'s decisions for a request's alert (at most one per request,
 * kept in {@link RequestState#alert} so it survives restarts and moves with the request): raise,
 * page each step's on-call people ({@link OnCallDirectory}), keep the step timer, acknowledge,
 * resolve. Emits the {@code alerts} events; a raised alert also gets its {@code request-status}
 * event of kind {@link StatusKind#ALERT}, unless the escalation step raising it already is one.
 */
final class Paging {
  private static final Logger log = LoggerFactory.getLogger(Paging.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private final PagingLadder ladder;
  private final OnCallDirectory onCall;
  private final Lifecycle lifecycle;

  Paging(RoutingPolicy policy, OnCallDirectory onCall, Lifecycle lifecycle) {
    this.ladder = policy.pagingLadder();
    this.onCall = onCall;
    this.lifecycle = lifecycle;
  }

  /**
   * Raises the request's alert and pages its first step, unless it has one already. With
   * {@code why} set, also emits the {@code request-status} ALERT event giving that reason.
   * Returns whether an alert was raised.
   */
  boolean raise(Outcome out, Market m, RequestState s, AlertReason reason, String why, Instant now) {
    if (s.alert != null) {
      return false;
    }
    Alert a = ladder.raise(Ids.newId(), code(), reason, now);
    s.alert = a;
    out.changed(s);
    out.emit(new AlertRaised(Ids.newId(), now, a.alertId(), a.code(), s.requestId, m.region, s.urgency(), reason,
        Instant.ofEpochMilli(s.loggedAt)));
    if (why != null) {
      lifecycle.emitStatus(out, s, s.status, "SUPERVISOR ALERT: " + why + "; paging " + a.scheduleId(),
          s.firstOfferId(), s.firstOfferTo(), null, m.region, StatusKind.ALERT, null, now);
    }
    page(out, m, s, now);
    return true;
  }

  /** A step timer fired: the next step pages, or paging stops, or (stale) nothing happens. */
  void onTimer(Outcome out, Market m, RequestState s, Timer t, Instant now) {
    Next next = ladder.onTimeout(s.alert, t.ref(), now);
    if (next instanceof Next.Step step) {
      s.alert = step.alert();
      page(out, m, s, now);
    } else if (next instanceof Next.Done done) {
      s.alert = done.alert();
      out.changed(s);
    }
  }

  /** Applies an acknowledgement if it still applies; returns whether it did. */
  boolean acknowledge(Outcome out, RequestState s, AlertAckRequested k, Instant now) {
    var acked = ladder.acknowledge(s.alert, k.alertId(), k.userId(), k.via());
    if (acked.isEmpty()) {
      return false;
    }
    s.alert = acked.get();
    out.changed(s);
    out.emit(new AlertAcknowledged(Ids.newId(), now, s.alert.alertId(), s.requestId, k.userId(), k.via()));
    return true;
  }

  /** The request reached {@code resolution}: its alert, if OPEN or ACKNOWLEDGED, resolves. */
  void resolve(Outcome out, RequestState s, RequestStatus resolution, Instant now) {
    ladder.resolve(s.alert, resolution).ifPresent(a -> {
      s.alert = a;
      out.changed(s);
      out.emit(new AlertResolved(Ids.newId(), now, a.alertId(), a.code(), s.requestId, resolution, a.paged()));
    });
  }

  /** A request moved here with its alert: its current step times out here now. */
  void reschedule(Outcome out, RequestState s) {
    if (s.alert != null && s.alert.paging()) {
      out.schedule(s, new Timer(s.alert.nextStepAt(), Timer.Kind.PAGE_STEP, s.market, s.requestId, s.alert.timerRef()));
    }
  }

  /** Starts the alert's current step: who is on call in its schedule now is paged, each once. */
  private void page(Outcome out, Market m, RequestState s, Instant now) {
    Alert a = s.alert;
    List<String> people = whoIsOnCall(a.scheduleId(), now);
    out.emit(new AlertStepStarted(Ids.newId(), now, a.alertId(), s.requestId, a.step(), a.attempt(), a.scheduleId(),
        people));
    for (String userId : people) {
      out.emit(new AlertPaged(Ids.newId(), now, a.alertId(), Ids.newId(), a.code(), s.requestId, m.region,
          s.urgency(), a.reason(), userId, a.scheduleId(), a.step(), a.attempt(), Instant.ofEpochMilli(s.loggedAt)));
    }
    s.alert = a.withPaged(people);
    out.changed(s);
    out.schedule(s, new Timer(a.nextStepAt(), Timer.Kind.PAGE_STEP, m.region, s.requestId, a.timerRef()));
  }

  private List<String> whoIsOnCall(String scheduleId, Instant now) {
    try {
      return onCall.onCall(scheduleId, now);
    } catch (RuntimeException e) {
      // A schedule routing cannot read pages nobody: the step is still recorded, the next follows on time.
      log.warn("on-call schedule {} unreadable ({}): step pages nobody", scheduleId, e.getClass().getSimpleName());
      return List.of();
    }
  }

  /** The short code people type back ({@code ACK 123456}): digits only, easy on any keypad. */
  private static String code() {
    return String.format("%06d", RANDOM.nextInt(1_000_000));
  }
}

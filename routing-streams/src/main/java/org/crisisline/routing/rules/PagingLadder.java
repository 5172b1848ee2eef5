package org.crisisline.routing.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.crisisline.events.AlertReason;
import org.crisisline.events.AlertVia;
import org.crisisline.events.RequestStatus;

/**
 * The life of one alert, as data. Raised, it is {@link State#OPEN} at step 1 of pass 1: the
 * schedule of {@code page.steps[0]} is paged. Unacknowledged after {@code page.ack.timeout}, the
 * next step pages the next schedule; after the last step the whole list starts again, for
 * {@code page.repeat} more passes; when the last step of the last pass times out paging stops
 * and the alert stays OPEN (on show) until someone acknowledges it or the request resolves.
 * {@link State#ACKNOWLEDGED} (by whom, via what) stops paging at once; {@link State#RESOLVED} (the
 * request was accepted, cancelled, expired or completed) ends the alert. Acknowledging anything
 * but an OPEN alert, or resolving a resolved one, changes nothing; a step timer that is not the
 * alert's current one (an earlier step, an acknowledged alert) is stale and ignored.
 */
public final class PagingLadder {
  public enum State { OPEN, ACKNOWLEDGED, RESOLVED }

  /**
   * One alert. {@code step} (1-based index into the steps) of pass {@code attempt} (1-based) pages
   * {@code scheduleId}; {@code nextStepAt} (epoch millis) is when it times out, 0 once paging is over.
   * {@code paged}: every user paged so far, each once, in order.
   */
  public record Alert(String alertId, String code, AlertReason reason, State state, int step, int attempt,
      String scheduleId, long raisedAt, long nextStepAt, String acknowledgedBy, AlertVia acknowledgedVia,
      RequestStatus resolution, List<String> paged) {

    public Alert {
      paged = paged == null ? List.of() : List.copyOf(paged);
    }

    /** Names the current step, so a timer of an earlier one is recognised as stale. */
    public String timerRef() {
      return alertId + "/" + step + "/" + attempt;
    }

    /** Still paging: OPEN, with a step that has not timed out yet past the last. */
    public boolean paging() {
      return state == State.OPEN && nextStepAt > 0;
    }

    /** This alert with {@code users} added to those paged (each user once). */
    public Alert withPaged(Collection<String> users) {
      LinkedHashSet<String> all = new LinkedHashSet<>(paged);
      all.addAll(users);
      return new Alert(alertId, code, reason, state, step, attempt, scheduleId, raisedAt, nextStepAt,
          acknowledgedBy, acknowledgedVia, resolution, new ArrayList<>(all));
    }

    Alert at(int newStep, int newAttempt, String schedule, long due) {
      return new Alert(alertId, code, reason, state, newStep, newAttempt, schedule, raisedAt, due, acknowledgedBy,
          acknowledgedVia, resolution, paged);
    }

    Alert in(State newState, String by, AlertVia via, RequestStatus resolvedAs) {
      return new Alert(alertId, code, reason, newState, step, attempt, scheduleId, raisedAt, 0, by, via,
          resolvedAs, paged);
    }
  }

  /** What a step timer does to the alert. */
  public sealed interface Next {
    /** Page {@code alert.scheduleId()} now (a new step); its own timer is due at {@code alert.nextStepAt()}. */
    record Step(Alert alert) implements Next {}

    /** The last step of the last pass timed out: paging stops, the alert stays OPEN. */
    record Done(Alert alert) implements Next {}

    /** Not the alert's current step, or the alert is no longer paging: nothing happens. */
    record Stale() implements Next {}
  }

  private final List<String> steps;
  private final Duration ackTimeout;
  private final int repeat;

  /**
   * @param steps schedule ids paged at step 1, 2, ... ({@code page.steps}, not empty)
   * @param ackTimeout time to acknowledge before the next step ({@code page.ack.timeout})
   * @param repeat how many times the whole list repeats after the first pass ({@code page.repeat})
   */
  public PagingLadder(List<String> steps, Duration ackTimeout, int repeat) {
    if (steps.isEmpty() || ackTimeout.isNegative() || ackTimeout.isZero() || repeat < 0) {
      throw new IllegalArgumentException("paging needs a step, a positive ack timeout and repeat >= 0");
    }
    this.steps = List.copyOf(steps);
    this.ackTimeout = ackTimeout;
    this.repeat = repeat;
  }

  /** A new alert, OPEN at step 1 of pass 1. */
  public Alert raise(String alertId, String code, AlertReason reason, Instant now) {
    return new Alert(alertId, code, reason, State.OPEN, 1, 1, steps.get(0), now.toEpochMilli(),
        dueAfter(now), null, null, null, List.of());
  }

  /** The step named {@code timerRef} timed out at {@code now}. */
  public Next onTimeout(Alert a, String timerRef, Instant now) {
    if (a == null || !a.paging() || !a.timerRef().equals(timerRef)) {
      return new Next.Stale();
    }
    if (a.step() < steps.size()) {
      return new Next.Step(a.at(a.step() + 1, a.attempt(), steps.get(a.step()), dueAfter(now)));
    }
    if (a.attempt() <= repeat) {
      return new Next.Step(a.at(1, a.attempt() + 1, steps.get(0), dueAfter(now)));
    }
    return new Next.Done(a.at(a.step(), a.attempt(), a.scheduleId(), 0));
  }

  /** {@code userId} acknowledges alert {@code alertId} via {@code via}: only an OPEN alert of that id, once. */
  public Optional<Alert> acknowledge(Alert a, String alertId, String userId, AlertVia via) {
    if (a == null || a.state() != State.OPEN || !a.alertId().equals(alertId) || userId == null) {
      return Optional.empty();
    }
    return Optional.of(a.in(State.ACKNOWLEDGED, userId, via, null));
  }

  /** The request no longer needs the alert ({@code resolution}): an OPEN or ACKNOWLEDGED alert resolves. */
  public Optional<Alert> resolve(Alert a, RequestStatus resolution) {
    if (a == null || a.state() == State.RESOLVED) {
      return Optional.empty();
    }
    return Optional.of(a.in(State.RESOLVED, a.acknowledgedBy(), a.acknowledgedVia(), resolution));
  }

  /** How many steps an alert nobody acknowledges takes in all: steps x (1 + repeat). */
  public int stepsInAll() {
    return steps.size() * (1 + repeat);
  }

  private long dueAfter(Instant now) {
    return now.plus(ackTimeout).toEpochMilli();
  }
}

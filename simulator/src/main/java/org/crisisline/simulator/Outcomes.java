package org.crisisline.simulator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crisisline.events.EscalationStep;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;

/**
 * What routing decided for each simulated request, read from its outputs: when it was logged, first
 * offered, accepted, closed and how; its escalations, rollovers and alerts. Also every offer in the
 * order routing made them (who was offered what), the decisions a replay is compared on.
 */
final class Outcomes {
  /** One request's fate; times in epoch millis, -1 when it did not happen. */
  static final class Request {
    final String requestId;
    final Urgency urgency;
    final String region;
    final long loggedAt;
    long firstOfferAt = -1;
    long acceptedAt = -1;
    long closedAt = -1;
    RequestStatus closedAs;
    int escalations;
    boolean rolledOver;
    int alerts;

    Request(String requestId, Urgency urgency, String region, long loggedAt) {
      this.requestId = requestId;
      this.urgency = urgency;
      this.region = region;
      this.loggedAt = loggedAt;
    }

    boolean accepted() {
      return acceptedAt >= 0;
    }

    /** Still waiting for someone to take it (neither accepted nor closed). */
    boolean unanswered() {
      return acceptedAt < 0 && closedAs == null;
    }

    /** When it stopped waiting (accepted or closed), or {@code orElse}. */
    long waitedUntil(long orElse) {
      return acceptedAt >= 0 ? acceptedAt : closedAt >= 0 ? closedAt : orElse;
    }
  }

  /** An offer routing made: to a responder, or (a referral) to a service. */
  record Offer(long at, String requestId, String responderId, String serviceId, int attempt) {}

  private final Map<String, Request> requests = new LinkedHashMap<>();
  private final List<Offer> offers = new ArrayList<>();
  private int unsettled;
  long runUntil;

  Request logged(String requestId, Urgency urgency, String region, long at) {
    return requests.computeIfAbsent(requestId, id -> {
      unsettled++;
      return new Request(id, urgency, region, at);
    });
  }

  /** Logged requests neither accepted nor closed yet. */
  int unsettled() {
    return unsettled;
  }

  /**
   * Takes in one of routing's status events at {@code now}; true when it is the request's
   * acceptance (the responder's call with the caller starts).
   */
  boolean onStatus(RequestStatusChanged s, long now) {
    Request r = requests.get(s.requestId());
    if (r == null || s.isRejectedAnswer()) {
      return false;
    }
    if (s.kind() == StatusKind.ESCALATION || s.kind() == StatusKind.ALERT) {
      r.escalations++;
      r.rolledOver |= s.escalationStep() == EscalationStep.ROLLED_OVER;
    }
    if (s.status() == RequestStatus.ACCEPTED && s.kind() == StatusKind.TRANSITION && r.acceptedAt < 0) {
      r.acceptedAt = now;
      unsettled--;
      return true;
    }
    if (s.status().isTerminal() && r.closedAs == null) {
      unsettled -= r.acceptedAt < 0 ? 1 : 0;
      r.closedAs = s.status();
      r.closedAt = now;
    }
    return false;
  }

  Request get(String requestId) {
    return requests.get(requestId);
  }

  Collection<Request> requests() {
    return requests.values();
  }

  void offered(Offer o) {
    offers.add(o);
  }

  List<Offer> offers() {
    return offers;
  }
}

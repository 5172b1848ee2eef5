package org.crisisline.intake.view;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.crisisline.events.EscalationStep;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.StatusKind;

/**
 * One request as intake sees it: what staff logged (PII still sealed) and what routing said
 * since. Immutable; the view swaps whole records, so readers never see half an update.
 * {@code logged} is null while a status arrived before the request itself (other topic).
 */
public record RequestRecord(
    String requestId,
    HelpRequestLogged logged,
    RequestStatus status,
    List<TimelineEntry> timeline,
    String acceptedBy,
    boolean cancelRequested) {

  /** One routing transition, as shown in the timeline; {@code escalationStep} is null when none. */
  public record TimelineEntry(
      String eventId, RequestStatus status, StatusKind kind, EscalationStep escalationStep, Instant at,
      String reason, String offerId, String responderId, String serviceId, String policyVersion) {}

  public RequestRecord {
    timeline = List.copyOf(timeline);
  }

  static RequestRecord empty(String requestId) {
    return new RequestRecord(requestId, null, RequestStatus.QUEUED, List.of(), null, false);
  }

  /**
   * A request logged before the views' replay began, put back whole: its logged record, its status
   * history (from the records database) and the statuses replayed since ({@code stub}, may be null),
   * each once (by event id) and in time order, so status and acceptedBy are those of the latest.
   */
  static RequestRecord restored(HelpRequestLogged logged, List<RequestStatusChanged> history, RequestRecord stub) {
    java.util.Map<String, RequestStatusChanged> all = new java.util.LinkedHashMap<>();
    history.forEach(c -> all.putIfAbsent(c.eventId(), c));
    if (stub != null) {
      for (TimelineEntry t : stub.timeline()) {
        all.putIfAbsent(t.eventId(), new RequestStatusChanged(t.eventId(), t.at(), stub.requestId(), t.status(),
            t.reason(), t.offerId(), t.responderId(), t.serviceId(), null, null, null, t.kind(), t.escalationStep(),
            t.policyVersion()));
      }
    }
    RequestRecord r = empty(logged.requestId()).withLogged(logged);
    if (stub != null && stub.cancelRequested()) {
      r = r.withCancelRequested();
    }
    for (RequestStatusChanged c : all.values().stream()
        .sorted(java.util.Comparator.comparing(RequestStatusChanged::occurredAt)).toList()) {
      r = r.withStatus(c);
    }
    return r;
  }

  RequestRecord withLogged(HelpRequestLogged event) {
    return logged != null ? this : new RequestRecord(requestId, event, status, timeline, acceptedBy, cancelRequested);
  }

  RequestRecord withCancelRequested() {
    return new RequestRecord(requestId, logged, status, timeline, acceptedBy, true);
  }

  RequestRecord withStatus(RequestStatusChanged change) {
    if (timeline.stream().anyMatch(t -> t.eventId().equals(change.eventId()))) {
      return this;
    }
    List<TimelineEntry> next = new ArrayList<>(timeline);
    next.add(new TimelineEntry(change.eventId(), change.status(), change.kind(), change.escalationStep(),
        change.occurredAt(), change.reason(),
        change.offerId(), change.responderId(), change.serviceId(), change.policyVersion()));
    String accepted = change.status() == RequestStatus.ACCEPTED && change.responderId() != null
        ? change.responderId() : acceptedBy;
    return new RequestRecord(requestId, logged, change.status(), next, accepted, cancelRequested);
  }

  /**
   * Until when the request was {@code responderId}'s: {@link Instant#MAX} while their acceptance
   * is the latest transition, the time of the first transition after it once the request moved on
   * (completed, cancelled, re-offered...), null if they never accepted it.
   */
  public Instant theirsUntil(String responderId) {
    Instant until = null;
    for (TimelineEntry t : timeline) {
      if (t.status() == RequestStatus.ACCEPTED && responderId != null && responderId.equals(t.responderId())) {
        until = Instant.MAX;
      } else if (until == Instant.MAX) {
        until = t.at();
      }
    }
    return until;
  }

  public Instant loggedAt() {
    return logged == null ? null : logged.occurredAt();
  }

  public String loggedBy() {
    return logged == null ? null : logged.loggedBy();
  }
}

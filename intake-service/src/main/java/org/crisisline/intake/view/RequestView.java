package org.crisisline.intake.view;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.crisisline.events.AnswerEvent;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.OfferDeclined;
import org.crisisline.events.RequestCancelled;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestEvent;
import org.crisisline.events.RequestStatusChanged;

/**
 * Requests by id, built from {@code help-requests} (intake's own writes) and
 * {@code request-status} (routing's transitions, the authority on status). Writes by intake
 * are also applied at once on the broker's ack, so a read right after a write sees it; the
 * later copy from the topic is then a no-op. Beside each request it keeps the closing notes
 * (completion, declines, cancellation: a code and the person's words, still sealed), from
 * {@code help-requests} and {@code offer-answers}; only the details read opens them.
 */
public final class RequestView {
  private final ConcurrentHashMap<String, RequestRecord> byId = new ConcurrentHashMap<>();
  private final List<Consumer<RequestStatusChanged>> statusListeners = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<String, List<ClosingNote>> notes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, RequestCompleted> wrapUps = new ConcurrentHashMap<>();
  /** parentRequestId → the requests its responder handed the person on to, oldest first. */
  private final ConcurrentHashMap<String, List<HelpRequestLogged>> handedOnTo = new ConcurrentHashMap<>();

  public void apply(RequestEvent event) {
    if (event instanceof HelpRequestLogged logged) {
      byId.compute(logged.requestId(), (id, r) -> (r == null ? RequestRecord.empty(id) : r).withLogged(logged));
      if (logged.parentRequestId() != null) {
        handedOnTo.compute(logged.parentRequestId(), (id, list) -> {
          if (list != null && list.stream().anyMatch(c -> c.requestId().equals(logged.requestId()))) {
            return list;
          }
          List<HelpRequestLogged> next = new java.util.ArrayList<>(list == null ? List.of() : list);
          next.add(logged);
          next.sort(Comparator.comparing(HelpRequestLogged::occurredAt));
          return List.copyOf(next);
        });
      }
    } else if (event instanceof RequestCancelled cancelled) {
      byId.compute(cancelled.requestId(), (id, r) -> (r == null ? RequestRecord.empty(id) : r).withCancelRequested());
      note(cancelled.requestId(), ClosingNote.of(cancelled));
    }
  }

  /** Completions and declines (from {@code offer-answers}) leave a closing note; acceptances nothing. */
  public void apply(AnswerEvent event) {
    if (event instanceof RequestCompleted completed) {
      note(completed.requestId(), ClosingNote.of(completed));
      wrapUps.merge(completed.requestId(), completed, (a, b) -> b.occurredAt().isBefore(a.occurredAt()) ? a : b);
    } else if (event instanceof OfferDeclined declined) {
      note(declined.requestId(), ClosingNote.of(declined));
    }
  }

  /** The latest completion's structured wrap-up (codes; its note still sealed), if completed. */
  public Optional<RequestCompleted> wrapUp(String requestId) {
    return Optional.ofNullable(wrapUps.get(requestId));
  }

  /** The requests handed on from this one (their {@code parentRequestId}), oldest first; sealed fields stay sealed. */
  public List<HelpRequestLogged> handedOnTo(String requestId) {
    return handedOnTo.getOrDefault(requestId, List.of());
  }

  /** The closing notes of a request, oldest first, notes still sealed. */
  public List<ClosingNote> notes(String requestId) {
    return notes.getOrDefault(requestId, List.of());
  }

  private void note(String requestId, ClosingNote note) {
    notes.compute(requestId, (id, list) -> {
      if (list != null && list.stream().anyMatch(n -> n.eventId().equals(note.eventId()))) {
        return list;
      }
      List<ClosingNote> next = new java.util.ArrayList<>(list == null ? List.of() : list);
      next.add(note);
      next.sort(Comparator.comparing(ClosingNote::at));
      return List.copyOf(next);
    });
  }

  public void apply(RequestStatusChanged change) {
    byId.compute(change.requestId(), (id, r) -> (r == null ? RequestRecord.empty(id) : r).withStatus(change));
    statusListeners.forEach(l -> l.accept(change));
  }

  /** A request staff logged; a status-only stub (request not seen yet) is not one. */
  public Optional<RequestRecord> get(String requestId) {
    return Optional.ofNullable(byId.get(requestId)).filter(r -> r.logged() != null);
  }

  /** Requests logged by one user since an instant, newest first. */
  public List<RequestRecord> loggedBy(String username, Instant since) {
    return byId.values().stream()
        .filter(r -> r.logged() != null && username.equals(r.loggedBy()) && !r.loggedAt().isBefore(since))
        .sorted(Comparator.comparing(RequestRecord::loggedAt).reversed())
        .toList();
  }

  /** Called on the view thread for every status change (the SSE feed filters them). */
  public void onStatus(Consumer<RequestStatusChanged> listener) {
    statusListeners.add(listener);
  }

  public void removeStatusListener(Consumer<RequestStatusChanged> listener) {
    statusListeners.remove(listener);
  }
}

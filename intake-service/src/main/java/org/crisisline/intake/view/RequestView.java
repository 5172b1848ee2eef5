package org.crisisline.intake.view;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.RequestCancelled;
import org.crisisline.events.RequestEvent;
import org.crisisline.events.RequestStatusChanged;

/**
 * Requests by id, built from {@code help-requests} (intake's own writes) and
 * {@code request-status} (routing's transitions, the authority on status). Writes by intake
 * are also applied at once on the broker's ack, so a read right after a write sees it; the
 * later copy from the topic is then a no-op.
 */
public final class RequestView {
  private final ConcurrentHashMap<String, RequestRecord> byId = new ConcurrentHashMap<>();
  private final List<Consumer<RequestStatusChanged>> statusListeners = new CopyOnWriteArrayList<>();

  public void apply(RequestEvent event) {
    if (event instanceof HelpRequestLogged logged) {
      byId.compute(logged.requestId(), (id, r) -> (r == null ? RequestRecord.empty(id) : r).withLogged(logged));
    } else if (event instanceof RequestCancelled cancelled) {
      byId.compute(cancelled.requestId(), (id, r) -> (r == null ? RequestRecord.empty(id) : r).withCancelRequested());
    }
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

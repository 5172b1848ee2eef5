package org.crisisline.intake.view;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.crisisline.events.AnswerEvent;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.OfferDeclined;
import org.crisisline.events.RequestCancelled;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestEvent;
import org.crisisline.events.RequestStatusChanged;

/**
 * Live requests by id, built from {@code help-requests} (intake's own writes) and
 * {@code request-status} (routing's transitions, the authority on status). Writes by intake
 * are also applied at once on the broker's ack, so a read right after a write sees it; the
 * later copy from the topic is then a no-op. Beside each request it keeps the closing notes
 * (completion, declines, cancellation: a code and the person's words, still sealed), from
 * {@code help-requests} and {@code offer-answers}; only the details read opens them.
 *
 * <p>Bounded: with a {@code recent} window it holds requests still in progress and finished ones
 * whose last change is younger than the window; {@link #sweep} drops the rest (also every
 * {@value #SWEEP_EVERY} events while a restart replays the topics), and the records database
 * answers for them. A request still open but silent for {@link #STALLED} is dropped too: routing
 * ends every request within its urgency's time to live, so the view missed its end (a status past
 * a topic's retention, or topics replayed out of order). Without a window (no records database)
 * it keeps every request. "Mine today" is an index per person, ordered by time, not a scan.
 */
public final class RequestView {
  static final int SWEEP_EVERY = 10_000;
  /** An open request silent this long is dropped: routing ends every request long before. */
  public static final Duration STALLED = Duration.ofDays(7);
  private final Duration recent;
  private final Clock clock;
  private final ConcurrentHashMap<String, RequestRecord> byId = new ConcurrentHashMap<>();
  private final List<Consumer<RequestStatusChanged>> statusListeners = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<String, List<ClosingNote>> notes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, RequestCompleted> wrapUps = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ConcurrentSkipListSet<Logged>> byLogger = new ConcurrentHashMap<>();
  /** parentRequestId → the requests its responder handed the person on to, oldest first. */
  private final ConcurrentHashMap<String, List<HelpRequestLogged>> handedOnTo = new ConcurrentHashMap<>();
  private final AtomicInteger sinceSweep = new AtomicInteger();
  private volatile java.util.function.Predicate<String> kept = id -> false;

  /** One entry of the per-person index: when a request was logged, and which. */
  private record Logged(Instant at, String requestId) implements Comparable<Logged> {
    private static final Comparator<Logged> ORDER =
        Comparator.comparing(Logged::at).thenComparing(Logged::requestId);

    @Override
    public int compareTo(Logged o) {
      return ORDER.compare(this, o);
    }
  }

  /** Keeps every request (nothing else can answer for older ones). */
  public RequestView() {
    this(null, Clock.systemUTC());
  }

  /** Keeps live requests and those finished within {@code recent} (null = every request). */
  public RequestView(Duration recent, Clock clock) {
    this.recent = recent;
    this.clock = clock;
  }

  /**
   * Keeps finished requests for which {@code keep} holds past the window (a request with follow-ups
   * still to come: its accepting responder, consent and caller key answer for them days later).
   */
  public void keepWhile(java.util.function.Predicate<String> keep) {
    this.kept = keep;
  }

  /** True when every request logged since {@code since} is still held at {@code now}: none has left by the window. */
  public boolean holdsEverythingSince(Instant since, Instant now) {
    return recent == null || !since.isBefore(now.minus(recent));
  }

  /** True when finished requests leave memory after the window (a records database answers for them). */
  public boolean bounded() {
    return recent != null;
  }

  public void apply(RequestEvent event) {
    if (event instanceof HelpRequestLogged logged) {
      RequestRecord before = byId.get(logged.requestId());
      RequestRecord after = byId.compute(logged.requestId(),
          (id, r) -> (r == null ? RequestRecord.empty(id) : r).withLogged(logged));
      if ((before == null || before.logged() == null) && after.logged() == logged && logged.loggedBy() != null) {
        byLogger.computeIfAbsent(logged.loggedBy(), k -> new ConcurrentSkipListSet<>())
            .add(new Logged(logged.occurredAt(), logged.requestId()));
      }
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
    tick();
  }

  /** Completions and declines (from {@code offer-answers}) leave a closing note; acceptances nothing. */
  public void apply(AnswerEvent event) {
    if (event instanceof RequestCompleted completed) {
      note(completed.requestId(), ClosingNote.of(completed));
      wrapUps.merge(completed.requestId(), completed, (a, b) -> b.occurredAt().isBefore(a.occurredAt()) ? a : b);
    } else if (event instanceof OfferDeclined declined) {
      note(declined.requestId(), ClosingNote.of(declined));
    }
    tick();
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
    tick();
  }

  /** A request staff logged and this view still holds; a status-only stub (request not seen yet) is not one. */
  public Optional<RequestRecord> get(String requestId) {
    return Optional.ofNullable(byId.get(requestId)).filter(r -> r.logged() != null);
  }

  /**
   * Requests the view holds only from routing's statuses and still open: logged before the replay
   * began (they kept changing), so their logged record comes back from the records database.
   */
  public List<String> openWithoutRoot() {
    return byId.values().stream().filter(r -> r.logged() == null && !r.status().isTerminal())
        .map(RequestRecord::requestId).toList();
  }

  /** Puts back a request logged before the replay began (see {@link RequestRecord#restored}). */
  public void restore(HelpRequestLogged logged, List<RequestStatusChanged> history) {
    RequestRecord after = byId.compute(logged.requestId(), (id, stub) -> stub != null && stub.logged() != null ? stub
        : RequestRecord.restored(logged, history, stub));
    if (after.logged() == logged && logged.loggedBy() != null) {
      byLogger.computeIfAbsent(logged.loggedBy(), k -> new ConcurrentSkipListSet<>())
          .add(new Logged(logged.occurredAt(), logged.requestId()));
    }
  }

  /** Requests logged by one user since an instant (within the window), newest first: from the index. */
  public List<RequestRecord> loggedBy(String username, Instant since) {
    ConcurrentSkipListSet<Logged> theirs = byLogger.get(username);
    if (theirs == null) {
      return List.of();
    }
    return theirs.tailSet(new Logged(since, "")).descendingSet().stream()
        .map(l -> byId.get(l.requestId())).filter(Objects::nonNull).filter(r -> r.logged() != null)
        .toList();
  }

  /**
   * The requests held for a caller key (a scan: asked only when a caller opts out, which is rare);
   * requests older than the window are in the records database.
   */
  public List<RequestRecord> withCallerKey(String callerKey) {
    return byId.values().stream()
        .filter(r -> r.logged() != null && callerKey != null && callerKey.equals(r.logged().callerKey())).toList();
  }

  /** How many requests (and status-only stubs) the view holds: what its memory grows with. */
  public int size() {
    return byId.size();
  }

  /**
   * Drops requests finished before {@code now - recent} (and stalled ones), with their notes,
   * wrap-ups and index entries. Returns how many requests left. A no-op without a window.
   */
  public int sweep(Instant now) {
    if (recent == null) {
      return 0;
    }
    Instant finishedBefore = now.minus(recent);
    Instant stalledBefore = now.minus(STALLED.compareTo(recent) > 0 ? STALLED : recent);
    int dropped = 0;
    for (RequestRecord r : byId.values()) {
      // A status-only stub still open is a request logged before the replay began: kept as an open
      // one (OldRoots puts its root back), else the sweeps while replaying would drop it after the window.
      boolean finished = r.status().isTerminal();
      Instant last = lastChange(r);
      if (last.isBefore(finished ? finishedBefore : stalledBefore) && !kept.test(r.requestId())
          && byId.remove(r.requestId(), r)) {
        forget(r);
        dropped++;
      }
    }
    // Notes and wrap-ups of requests no longer held (or never seen) once they are old themselves.
    notes.entrySet().removeIf(e -> !byId.containsKey(e.getKey())
        && e.getValue().get(e.getValue().size() - 1).at().isBefore(finishedBefore));
    wrapUps.entrySet().removeIf(e -> !byId.containsKey(e.getKey())
        && e.getValue().occurredAt().isBefore(finishedBefore));
    handedOnTo.entrySet().removeIf(e -> !byId.containsKey(e.getKey())
        && e.getValue().get(e.getValue().size() - 1).occurredAt().isBefore(finishedBefore));
    return dropped;
  }

  private void forget(RequestRecord r) {
    notes.remove(r.requestId());
    handedOnTo.remove(r.requestId());
    wrapUps.remove(r.requestId());
    if (r.logged() != null && r.loggedBy() != null) {
      byLogger.computeIfPresent(r.loggedBy(), (who, set) -> {
        set.remove(new Logged(r.loggedAt(), r.requestId()));
        return set.isEmpty() ? null : set;
      });
    }
  }

  private static Instant lastChange(RequestRecord r) {
    Instant last = r.loggedAt() == null ? Instant.MIN : r.loggedAt();
    for (RequestRecord.TimelineEntry t : r.timeline()) {
      if (t.at() != null && t.at().isAfter(last)) {
        last = t.at();
      }
    }
    return last;
  }

  private void tick() {
    if (recent != null && sinceSweep.incrementAndGet() >= SWEEP_EVERY) {
      sinceSweep.set(0);
      sweep(clock.instant());
    }
  }

  /** Called on the view thread for every status change (the SSE feed filters them). */
  public void onStatus(Consumer<RequestStatusChanged> listener) {
    statusListeners.add(listener);
  }

  public void removeStatusListener(Consumer<RequestStatusChanged> listener) {
    statusListeners.remove(listener);
  }
}

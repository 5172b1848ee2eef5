package org.crisisline.intake.view;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.crisisline.events.Channel;
import org.crisisline.events.ConsentWithdrawn;
import org.crisisline.events.FollowUpCancelReason;
import org.crisisline.events.FollowUpCancelRequested;
import org.crisisline.events.FollowUpCancelled;
import org.crisisline.events.FollowUpDone;
import org.crisisline.events.FollowUpDue;
import org.crisisline.events.FollowUpEvent;
import org.crisisline.events.FollowUpScheduled;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Need;
import org.crisisline.events.Urgency;

/**
 * The caring-contact plans intake knows, from routing's {@code follow-ups}: per followed request its
 * follow-ups and their states, per region how many are due today, done today and overdue. Also
 * which callers withdrew consent ({@code consent-withdrawals}, by caller key) and which requests had
 * their follow-ups stopped for that reason (intake's own {@link FollowUpCancelRequested}), so the
 * API can say why a follow-up cannot be added.
 *
 * <p>A follow-up that fell due is a request of its own: {@link #asRequest} is the request intake
 * holds for it in {@link RequestView}, carrying the followed request's sealed contact (bound to the
 * followed request's id, as routing passed it on) for the peer specialist who accepts it.
 *
 * <p>Bounded like the request view: {@link #sweep} drops plans whose follow-ups are all done or
 * cancelled and unchanged for the window (at least two days, so "done today" stays whole).
 */
public final class FollowUpView {
  /** Who "logged" a follow-up's request: routing, when it fell due. */
  public static final String LOGGED_BY = "routing:follow-up";
  private static final Duration MIN_KEPT = Duration.ofDays(2);
  private final ConcurrentHashMap<String, Map<String, FollowUpRecord>> byRequest = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> rootOf = new ConcurrentHashMap<>();
  private final Set<String> withdrawnCallers = ConcurrentHashMap.newKeySet();
  private final Set<String> withdrawnRequests = ConcurrentHashMap.newKeySet();

  /** Per region: follow-ups due today (not cancelled), done today, and overdue (due, not done). */
  public record RegionCounts(String region, int dueToday, int doneToday, int overdue) {}

  public void apply(FollowUpEvent event) {
    String root = event.requestId();
    String id = event.followUpId();
    if (root != null && id == null && event instanceof FollowUpCancelled all) {
      cancelAll(all);
      return;
    }
    if (root == null || id == null) {
      return;
    }
    byRequest.compute(root, (r, plan) -> {
      Map<String, FollowUpRecord> next = new TreeMap<>(plan == null ? Map.of() : plan);
      FollowUpRecord before = next.get(id);
      FollowUpRecord after = next(before, event);
      if (after != null) {
        next.put(id, after);
      }
      return Map.copyOf(next);
    });
    rootOf.put(id, root);
    if (event instanceof FollowUpCancelled c && c.reason() == FollowUpCancelReason.CONSENT_WITHDRAWN) {
      withdrawnRequests.add(root);
    }
  }

  /** A cancellation naming no follow-up: every one of the request not yet done or cancelled. */
  private void cancelAll(FollowUpCancelled c) {
    byRequest.computeIfPresent(c.requestId(), (r, plan) -> {
      Map<String, FollowUpRecord> next = new TreeMap<>(plan);
      next.replaceAll((id, f) -> f.isOpen() ? f.cancelled(c.reason(), c.occurredAt()) : f);
      return Map.copyOf(next);
    });
    if (c.reason() == FollowUpCancelReason.CONSENT_WITHDRAWN) {
      withdrawnRequests.add(c.requestId());
    }
  }

  /** A follow-up's next state; a replayed or late event never moves a finished one back. */
  private static FollowUpRecord next(FollowUpRecord before, FollowUpEvent event) {
    if (event instanceof FollowUpScheduled s) {
      if (before != null) {
        return before;
      }
      return new FollowUpRecord(s.followUpId(), s.requestId(), s.step(), s.attempt(), s.dueAt(), s.origin(), s.region(),
          s.language(), FollowUpRecord.State.SCHEDULED, null, null, s.note(), s.addedBy(), null, s.occurredAt());
    }
    if (before != null && before.state().isFinal()) {
      return before;
    }
    if (event instanceof FollowUpDue d) {
      FollowUpRecord base = before != null ? before : new FollowUpRecord(d.followUpId(), d.requestId(), d.step(),
          d.attempt(), d.occurredAt(), null, d.region(), d.language(), FollowUpRecord.State.SCHEDULED, null, null, null,
          null, null, d.occurredAt());
      return base.due(d.occurredAt(), d.region(), d.language());
    }
    if (before == null) {
      return null;
    }
    if (event instanceof FollowUpDone d) {
      return d.outcome() == null ? before.expired(d.occurredAt()) : before.done(d.outcome(), d.responderId(),
          d.occurredAt());
    }
    if (event instanceof FollowUpCancelled c) {
      return before.cancelled(c.reason(), c.occurredAt());
    }
    return before;
  }

  /** Intake's own opt-out fan-out, as it comes back on {@code offer-answers}. */
  public void apply(FollowUpCancelRequested cancel) {
    if (cancel.reason() == FollowUpCancelReason.CONSENT_WITHDRAWN && cancel.requestId() != null) {
      withdrawnRequests.add(cancel.requestId());
    }
  }

  public void apply(ConsentWithdrawn withdrawn) {
    if (withdrawn != null && withdrawn.callerKey() != null) {
      withdrawnCallers.add(withdrawn.callerKey());
    }
  }

  /** Whether the caller of this request withdrew consent (by caller key or a stop recorded for the request). */
  public boolean consentWithdrawn(String requestId, String callerKey) {
    return withdrawnRequests.contains(requestId) || (callerKey != null && withdrawnCallers.contains(callerKey));
  }

  /** The follow-ups of a request, by step, attempt and due time. */
  public List<FollowUpRecord> of(String requestId) {
    Map<String, FollowUpRecord> plan = byRequest.get(requestId);
    if (plan == null) {
      return List.of();
    }
    List<FollowUpRecord> out = new ArrayList<>(plan.values());
    out.sort(Comparator.comparingInt(FollowUpRecord::step).thenComparingInt(FollowUpRecord::attempt)
        .thenComparing(FollowUpRecord::dueAt, Comparator.nullsLast(Comparator.naturalOrder())));
    return out;
  }

  /** A follow-up by its id (which is also the id of the request it is routed as). */
  public Optional<FollowUpRecord> get(String followUpId) {
    String root = rootOf.get(followUpId);
    return root == null ? Optional.empty() : Optional.ofNullable(byRequest.getOrDefault(root, Map.of()).get(followUpId));
  }

  /** Whether some follow-up of the request is neither done nor cancelled. */
  public boolean hasOpen(String requestId) {
    return of(requestId).stream().anyMatch(FollowUpRecord::isOpen);
  }

  /** The requests followed up that still have a follow-up neither done nor cancelled. */
  public List<String> withOpen() {
    return byRequest.entrySet().stream().filter(e -> e.getValue().values().stream().anyMatch(FollowUpRecord::isOpen))
        .map(Map.Entry::getKey).toList();
  }

  /** Follow-ups due on the UTC day of {@code now} (any state but cancelled), earliest first. */
  public List<FollowUpRecord> dueOn(Instant now) {
    Instant from = now.truncatedTo(ChronoUnit.DAYS);
    Instant to = from.plus(Duration.ofDays(1));
    List<FollowUpRecord> out = new ArrayList<>();
    for (Map<String, FollowUpRecord> plan : byRequest.values()) {
      for (FollowUpRecord f : plan.values()) {
        if (f.state() != FollowUpRecord.State.CANCELLED && f.dueAt() != null && !f.dueAt().isBefore(from)
            && f.dueAt().isBefore(to)) {
          out.add(f);
        }
      }
    }
    out.sort(Comparator.comparing(FollowUpRecord::dueAt));
    return out;
  }

  /** Counts per region for the UTC day of {@code now}, regions in order. */
  public List<RegionCounts> counts(Instant now) {
    Instant from = now.truncatedTo(ChronoUnit.DAYS);
    Instant to = from.plus(Duration.ofDays(1));
    Map<String, int[]> by = new TreeMap<>();
    for (Map<String, FollowUpRecord> plan : byRequest.values()) {
      for (FollowUpRecord f : plan.values()) {
        if (f.region() == null || f.state() == FollowUpRecord.State.CANCELLED) {
          continue;
        }
        int[] c = by.computeIfAbsent(f.region(), r -> new int[3]);
        if (f.dueAt() != null && !f.dueAt().isBefore(from) && f.dueAt().isBefore(to)) {
          c[0]++;
        }
        if (f.state() == FollowUpRecord.State.DONE && !f.changedAt().isBefore(from) && f.changedAt().isBefore(to)) {
          c[1]++;
        }
        if (f.isOpen() && f.dueAt() != null && f.dueAt().isBefore(now)) {
          c[2]++;
        }
      }
    }
    return by.entrySet().stream().map(e -> new RegionCounts(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]))
        .toList();
  }

  /**
   * The request intake holds for a follow-up that fell due: need PEER_SUPPORT, urgency MODERATE, the
   * caller's region and language, linked to the followed request, with its sealed contact (still
   * bound to the followed request's id). No summary: the follow-up's own note stays with the plan.
   */
  public static HelpRequestLogged asRequest(FollowUpDue due) {
    return new HelpRequestLogged("due:" + due.eventId(), due.occurredAt(), due.followUpId(), Channel.PHONE,
        Urgency.MODERATE, Need.PEER_SUPPORT, null, due.language(), due.region(), null, null, List.of(), null,
        due.callerContact(), true, LOGGED_BY, null, null, null, due.requestId());
  }

  /** Whether a request is a follow-up intake logged from {@link #asRequest}: its contact is bound to the parent. */
  public static boolean isFollowUp(HelpRequestLogged logged) {
    return logged != null && LOGGED_BY.equals(logged.loggedBy()) && logged.parentRequestId() != null;
  }

  /** How many followed requests the view holds. */
  public int size() {
    return byRequest.size();
  }

  /** Drops plans whose follow-ups all ended before {@code now - max(window, 2 days)}; returns how many. */
  public int sweep(Instant now, Duration window) {
    Instant before = now.minus(window.compareTo(MIN_KEPT) > 0 ? window : MIN_KEPT);
    int dropped = 0;
    for (Map.Entry<String, Map<String, FollowUpRecord>> e : byRequest.entrySet()) {
      Map<String, FollowUpRecord> plan = e.getValue();
      boolean ended = plan.values().stream().allMatch(f -> f.state().isFinal() && f.changedAt().isBefore(before));
      if (ended && byRequest.remove(e.getKey(), plan)) {
        plan.keySet().forEach(rootOf::remove);
        dropped++;
      }
    }
    return dropped;
  }
}

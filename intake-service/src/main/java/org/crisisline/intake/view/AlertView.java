package org.crisisline.intake.view;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.crisisline.events.AlertAcknowledged;
import org.crisisline.events.AlertEvent;
import org.crisisline.events.AlertPaged;
import org.crisisline.events.AlertRaised;
import org.crisisline.events.AlertResolved;
import org.crisisline.events.AlertStepStarted;
import org.crisisline.events.DeliveryEvent;

/**
 * Alerts by alertId, from routing's {@code alerts} and, for their pages, the notifier's
 * {@code deliveries} (a delivery whose offerId is a pageId of a known alert says how that page's
 * SMS or email went). Feeds GET /api/v1/alerts, the acknowledgement routes and the dashboard's
 * stream (listeners get every changed alert, on the view loader's thread).
 *
 * <p>Memory is bounded: a resolved alert is dropped {@code retention} after it resolved
 * ({@link #sweep}), and beyond {@link #CAPACITY} alerts the longest-settled non-open ones go
 * first. Deliveries met before their page (the two topics are read side by side while rebuilding)
 * wait in a small bounded buffer; deliveries of offers, which share the topic, age out of it.
 */
public final class AlertView {
  public static final int CAPACITY = 10_000;
  private static final int EARLY_DELIVERIES = 2_000;
  /** How long intake's own acknowledgement request holds off a second one while routing answers it. */
  public static final Duration ACK_PENDING = Duration.ofSeconds(30);

  private final Duration retention;
  private final ConcurrentHashMap<String, AlertRecord> byId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> alertByPage = new ConcurrentHashMap<>();
  private final Map<String, List<DeliveryEvent>> early = new LinkedHashMap<>(256, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, List<DeliveryEvent>> eldest) {
      return size() > EARLY_DELIVERIES;
    }
  };
  private final List<Consumer<AlertRecord>> listeners = new CopyOnWriteArrayList<>();

  /** The outcome of {@link #claimAck}. */
  public enum Claim { CLAIMED, UNKNOWN, NOT_OPEN, ALREADY_REQUESTED }

  public AlertView(Duration retention) {
    this.retention = retention;
  }

  public void apply(AlertEvent event) {
    AlertRecord changed;
    if (event instanceof AlertRaised r) {
      changed = byId.compute(r.alertId(), (id, old) -> old != null ? old : AlertRecord.raised(r));
    } else if (event instanceof AlertPaged p) {
      List<DeliveryEvent> before;
      synchronized (early) {
        before = early.remove(p.pageId());
      }
      alertByPage.put(p.pageId(), p.alertId());
      changed = byId.compute(p.alertId(), (id, old) ->
          (old != null ? old : AlertRecord.fromPage(p)).withPage(p, before == null ? List.of() : before));
    } else if (event instanceof AlertStepStarted s) {
      changed = byId.computeIfPresent(s.alertId(), (id, old) -> old.withStep(s));
    } else if (event instanceof AlertAcknowledged a) {
      changed = byId.computeIfPresent(a.alertId(), (id, old) -> old.withAcknowledged(a));
    } else if (event instanceof AlertResolved r) {
      changed = byId.computeIfPresent(r.alertId(), (id, old) -> old.withResolved(r));
    } else {
      changed = null;
    }
    if (changed != null) {
      bound();
      notify(changed);
    }
  }

  public void apply(DeliveryEvent event) {
    String alertId = alertByPage.get(event.offerId());
    if (alertId == null) {
      synchronized (early) {
        early.computeIfAbsent(event.offerId(), k -> new ArrayList<>()).add(event);
      }
      return;
    }
    AlertRecord changed = byId.computeIfPresent(alertId, (id, old) -> old.withDelivery(event));
    if (changed != null) {
      notify(changed);
    }
  }

  public Optional<AlertRecord> get(String alertId) {
    return Optional.ofNullable(byId.get(alertId));
  }

  /** The alert one page belongs to. */
  public Optional<AlertRecord> byPage(String pageId) {
    String alertId = alertByPage.get(pageId);
    return alertId == null ? Optional.empty() : get(alertId);
  }

  /** Open alerts first, then newest raised first; {@code openOnly} leaves out the others. */
  public List<AlertRecord> list(boolean openOnly) {
    return byId.values().stream()
        .filter(a -> !openOnly || a.state() == AlertRecord.State.OPEN)
        .sorted(Comparator.comparing((AlertRecord a) -> a.state() != AlertRecord.State.OPEN)
            .thenComparing(AlertRecord::raisedAt, Comparator.reverseOrder()))
        .toList();
  }

  /**
   * Marks that intake is writing an acknowledgement request for an OPEN alert; refused when one is
   * already on its way (written less than {@link #ACK_PENDING} ago and not yet answered by routing).
   * The atomic compare is what makes two clicks give one request.
   */
  public Claim claimAck(String alertId, Instant now) {
    Claim[] outcome = {Claim.UNKNOWN};
    byId.computeIfPresent(alertId, (id, a) -> {
      if (a.state() != AlertRecord.State.OPEN) {
        outcome[0] = Claim.NOT_OPEN;
        return a;
      }
      if (a.ackRequestedAt() != null && now.isBefore(a.ackRequestedAt().plus(ACK_PENDING))) {
        outcome[0] = Claim.ALREADY_REQUESTED;
        return a;
      }
      outcome[0] = Claim.CLAIMED;
      return a.withAckRequestedAt(now);
    });
    return outcome[0];
  }

  /** Undoes a claim whose write failed, so the person can try again. */
  public void releaseAck(String alertId, Instant claimedAt) {
    byId.computeIfPresent(alertId, (id, a) -> claimedAt.equals(a.ackRequestedAt()) ? a.withAckRequestedAt(null) : a);
  }

  /** Drops alerts resolved longer than the retention ago; returns how many. */
  public int sweep(Instant now) {
    int before = byId.size();
    byId.values().stream()
        .filter(a -> a.state() == AlertRecord.State.RESOLVED && a.resolvedAt().plus(retention).isBefore(now))
        .toList()
        .forEach(this::forget);
    return before - byId.size();
  }

  public void onChange(Consumer<AlertRecord> listener) {
    listeners.add(listener);
  }

  public void removeListener(Consumer<AlertRecord> listener) {
    listeners.remove(listener);
  }

  /** Beyond the capacity, forgets the longest-settled alerts that are no longer open. */
  private void bound() {
    int excess = byId.size() - CAPACITY;
    if (excess <= 0) {
      return;
    }
    byId.values().stream().filter(a -> a.state() != AlertRecord.State.OPEN)
        .sorted(Comparator.comparing(AlertRecord::settledAt)).limit(excess).toList()
        .forEach(this::forget);
  }

  private void forget(AlertRecord a) {
    byId.remove(a.alertId(), a);
    a.pages().forEach(p -> alertByPage.remove(p.pageId()));
  }

  private void notify(AlertRecord changed) {
    listeners.forEach(l -> l.accept(changed));
  }
}

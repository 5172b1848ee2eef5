package org.crisisline.notifier.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.crisisline.events.AlertEvent;
import org.crisisline.events.AlertPaged;
import org.crisisline.events.AlertResolved;

/**
 * Who was paged for which alert, by the alert's short code, for SMS acknowledgements: an
 * {@code ACK <code>} counts only from a phone of someone paged for an alert with that code. Filled
 * from {@code alerts} (every partition, from the lookback window): each {@link AlertPaged} adds its
 * person; an {@link AlertResolved} adds whoever it lists. Codes are short, so several alerts may
 * have carried one within the window: the one that paged the sender last wins. Whether the alert is
 * still open is routing's call, not this index's. Entries are dropped after the keep window.
 * Thread-safe.
 */
public final class PageIndex {

  /** What an acknowledgement by SMS is about: this alert, of this request, by this person. */
  public record AckTarget(String alertId, String requestId, String userId) {}

  private record Paged(String alertId, String requestId, String code, Map<String, Instant> users) {}

  private final Map<String, Paged> byAlert = new ConcurrentHashMap<>();
  private final Duration keep;

  public PageIndex(Duration keep) {
    this.keep = keep;
  }

  /** Takes in an event of {@code alerts}; events that page nobody change nothing. */
  public void record(AlertEvent event) {
    if (event instanceof AlertPaged page && page.code() != null && page.userId() != null) {
      paged(page.alertId(), page.requestId(), page.code()).users()
          .merge(page.userId(), at(page.occurredAt()), (a, b) -> a.isAfter(b) ? a : b);
    } else if (event instanceof AlertResolved resolved && resolved.code() != null) {
      Paged entry = paged(resolved.alertId(), resolved.requestId(), resolved.code());
      resolved.paged().forEach(user -> entry.users().putIfAbsent(user, at(resolved.occurredAt())));
    }
  }

  /**
   * The alert {@code code} names for a sender who is one of {@code senders} (user ids with the
   * sender's phone): the latest alert with that code that paged one of them. Empty when none did.
   */
  public Optional<AckTarget> ackTarget(String code, Set<String> senders) {
    if (code == null || senders.isEmpty()) {
      return Optional.empty();
    }
    String wanted = normalise(code);
    record Candidate(Paged alert, String userId, Instant at) {}
    return byAlert.values().stream()
        .filter(p -> p.code().equals(wanted))
        .flatMap(p -> p.users().entrySet().stream()
            .filter(e -> senders.contains(e.getKey()))
            .map(e -> new Candidate(p, e.getKey(), e.getValue())))
        .max(Comparator.comparing(Candidate::at))
        .map(c -> new AckTarget(c.alert().alertId(), c.alert().requestId(), c.userId()));
  }

  /** Forgets alerts whose last page is older than the keep window. */
  public void purge(Instant now) {
    Instant horizon = now.minus(keep);
    byAlert.values().removeIf(p -> p.users().values().stream().allMatch(at -> at.isBefore(horizon)));
  }

  private Paged paged(String alertId, String requestId, String code) {
    return byAlert.computeIfAbsent(alertId,
        id -> new Paged(id, requestId, normalise(code), new ConcurrentHashMap<>()));
  }

  private static Instant at(Instant occurredAt) {
    return occurredAt != null ? occurredAt : Instant.now();
  }

  private static String normalise(String code) {
    return code.strip().toUpperCase(Locale.ROOT);
  }
}

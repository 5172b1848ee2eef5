package org.crisisline.notifier.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.crisisline.events.OfferMade;

/**
 * Recent offers of every partition, by offerId and by offer code, for what arrives over HTTP:
 * an SMS reply names a code, a status callback an offerId. Also remembers the stops seen
 * ({@link StopRules}: rescinded offers, answered or closed requests, acknowledged or resolved
 * alerts), so a late or replayed offer or page is not sent. Entries are dropped once well past
 * their expiry. Thread-safe.
 */
public final class OfferIndex {
  private final Map<String, OfferMade> byOfferId = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> offerIdsByCode = new ConcurrentHashMap<>();
  /** Stop keys ({@link StopRules.Stop#key()}) and when they were seen. */
  private final Map<String, Instant> stopped = new ConcurrentHashMap<>();
  private final Duration keep;

  public OfferIndex(Duration keep) {
    this.keep = keep;
  }

  public void add(OfferMade offer) {
    byOfferId.put(offer.offerId(), offer);
    if (offer.offerCode() != null) {
      offerIdsByCode.computeIfAbsent(offer.offerCode(), c -> ConcurrentHashMap.newKeySet()).add(offer.offerId());
    }
  }

  public OfferMade get(String offerId) {
    return offerId == null ? null : byOfferId.get(offerId);
  }

  /** Offers carrying {@code code}; codes are short, so more than one may exist over time. */
  public List<OfferMade> byCode(String code) {
    Set<String> ids = offerIdsByCode.getOrDefault(code, Set.of());
    return ids.stream().map(byOfferId::get).filter(o -> o != null).toList();
  }

  /** Open responder offers (not stopped, not expired) whose recipient phone is {@code phone}. */
  public List<OfferMade> openFor(Predicate<OfferMade> recipientMatches, Instant now) {
    return byOfferId.values().stream()
        .filter(o -> !o.isReferral() && !isStopped(o) && (o.expiresAt() == null || now.isBefore(o.expiresAt())))
        .filter(recipientMatches)
        .toList();
  }

  /** Remembers a stop (see {@link StopRules}), so a late or replayed notice it covers is not sent. */
  public void stop(StopRules.Stop stop, Instant at) {
    stopped.put(stop.key(), at);
  }

  public boolean isStopped(OfferMade offer) {
    return isStopped(new OfferNotice(offer));
  }

  /** True when a stop seen so far covers {@code notice}. */
  public boolean isStopped(Notice notice) {
    return notice.stopKeys().stream().anyMatch(stopped::containsKey);
  }

  /** Forgets offers and stops older than the keep window. */
  public void purge(Instant now) {
    Instant horizon = now.minus(keep);
    byOfferId.values().removeIf(o -> {
      Instant end = o.expiresAt() != null ? o.expiresAt() : o.occurredAt();
      return end != null && end.isBefore(horizon);
    });
    offerIdsByCode.values().forEach(ids -> ids.removeIf(id -> !byOfferId.containsKey(id)));
    offerIdsByCode.values().removeIf(Set::isEmpty);
    stopped.values().removeIf(at -> at.isBefore(horizon));
  }
}

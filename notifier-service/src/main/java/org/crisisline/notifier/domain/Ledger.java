package org.crisisline.notifier.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.SendRecord;

/**
 * In-memory view of the compacted {@code notifier-sends} topic: the latest {@link SendRecord}
 * per (offerId, channel). Rebuilt from the topic before any offer is read, then kept current by
 * this process's own acknowledged writes and by tailing the topic for other instances' writes.
 * Thread-safe: read by the dispatcher and the HTTP callbacks, written by the tailing thread too.
 */
public final class Ledger {
  private final Map<String, EnumMap<DeliveryChannel, SendRecord>> byOffer = new ConcurrentHashMap<>();

  public void apply(SendRecord record) {
    if (record == null || record.offerId() == null || record.channel() == null) {
      return;
    }
    byOffer.compute(record.offerId(), (id, channels) -> {
      EnumMap<DeliveryChannel, SendRecord> next =
          channels == null ? new EnumMap<>(DeliveryChannel.class) : new EnumMap<>(channels);
      next.put(record.channel(), record);
      return next;
    });
  }

  /** A compaction tombstone for a key. */
  public void remove(String offerId, DeliveryChannel channel) {
    byOffer.computeIfPresent(offerId, (id, channels) -> {
      EnumMap<DeliveryChannel, SendRecord> next = new EnumMap<>(channels);
      next.remove(channel);
      return next.isEmpty() ? null : next;
    });
  }

  public SendRecord get(String offerId, DeliveryChannel channel) {
    Map<DeliveryChannel, SendRecord> channels = byOffer.get(offerId);
    return channels == null ? null : channels.get(channel);
  }

  public Map<DeliveryChannel, SendRecord> channels(String offerId) {
    Map<DeliveryChannel, SendRecord> channels = byOffer.get(offerId);
    return channels == null ? Map.of() : Map.copyOf(channels);
  }

  /** True when each of {@code expected} channels is recorded as FAILED for the offer. */
  public boolean allFailed(String offerId, Collection<DeliveryChannel> expected) {
    Map<DeliveryChannel, SendRecord> channels = channels(offerId);
    return !expected.isEmpty() && expected.stream().allMatch(c -> channels.get(c) != null
        && SendState.FAILED.name().equals(channels.get(c).state()));
  }

  /** Records last written before {@code horizon}: their offers expired long ago. */
  public List<SendRecord> olderThan(Instant horizon) {
    return byOffer.values().stream().flatMap(m -> m.values().stream())
        .filter(r -> r.occurredAt() != null && r.occurredAt().isBefore(horizon))
        .toList();
  }

  public int size() {
    return byOffer.size();
  }
}

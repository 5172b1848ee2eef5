package org.crisisline.notifier.send;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;
import java.util.function.Predicate;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.DeliveryEvent;
import org.crisisline.events.SendRecord;
import org.crisisline.notifier.domain.Ledger;
import org.crisisline.notifier.kafka.KafkaWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send ledger as this process reads and writes it, and the delivery events it reports; on
 * the dispatcher's context. A record written here is taken into the in-memory {@link Ledger}
 * at once (so a provider callback racing the provider's own answer sees the CLAIMED record) and
 * sent to {@code notifier-sends}; the returned future is the broker's acknowledgement.
 * Delivery events go to {@code deliveries}.
 */
public final class SendLog {
  private static final Logger LOG = LoggerFactory.getLogger(SendLog.class);

  private final Context ctx;
  private final Ledger ledger;
  private final KafkaWriter writer;

  public SendLog(Context ctx, Ledger ledger, KafkaWriter writer) {
    this.ctx = ctx;
    this.ledger = ledger;
    this.writer = writer;
  }

  /** The latest record for (offerId, channel), or null. */
  SendRecord latest(String offerId, DeliveryChannel channel) {
    return ledger.get(offerId, channel);
  }

  boolean hasAny(String offerId) {
    return !ledger.channels(offerId).isEmpty();
  }

  /** True when each of {@code expected} channels is recorded FAILED; empty {@code expected} is false. */
  boolean allFailed(String offerId, Collection<DeliveryChannel> expected) {
    return ledger.allFailed(offerId, expected);
  }

  /** True when every channel recorded for the offer is FAILED. */
  boolean allRecordedFailed(String offerId) {
    return ledger.allFailed(offerId, ledger.channels(offerId).keySet());
  }

  /** Takes the record into the in-memory ledger now and onto the topic; the future is the broker's ack. */
  Future<Void> write(SendRecord record) {
    ledger.apply(record);
    return writer.ledger(ctx, record).onFailure(e ->
        LOG.error("ledger write failed for offer {} {}: {}", record.offerId(), record.channel(), e.toString()));
  }

  /** Undoes an unacknowledged write in memory: back to {@code previous}, or to nothing. */
  void undo(String offerId, DeliveryChannel channel, SendRecord previous) {
    if (previous != null) {
      ledger.apply(previous);
    } else {
      ledger.remove(offerId, channel);
    }
  }

  void emit(DeliveryEvent event) {
    writer.delivery(ctx, event).onFailure(e ->
        LOG.error("could not publish {} for offer {}: {}", event.type(), event.offerId(), e.toString()));
  }

  /**
   * Tombstones records older than {@code horizon} whose offer is not {@code active} (offers that
   * expired long before; no replay reaches back that far), so the compacted ledger does not grow for ever.
   */
  void forgetOlderThan(Instant horizon, Predicate<String> active) {
    ledger.olderThan(horizon).stream()
        .filter(r -> !active.test(r.offerId()))
        .forEach(r -> {
          ledger.remove(r.offerId(), r.channel());
          writer.forget(ctx, r.offerId(), r.channel())
              .onFailure(e -> LOG.warn("could not tombstone ledger key of offer {}: {}", r.offerId(), e.toString()));
        });
  }
}

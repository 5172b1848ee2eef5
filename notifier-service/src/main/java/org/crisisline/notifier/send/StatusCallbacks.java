package org.crisisline.notifier.send;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.DeliveryDelivered;
import org.crisisline.events.DeliveryFailed;
import org.crisisline.events.Ids;
import org.crisisline.events.OfferMade;
import org.crisisline.events.SendRecord;
import org.crisisline.notifier.NotifierMetrics;
import org.crisisline.notifier.domain.OfferIndex;
import org.crisisline.notifier.domain.SendStateMachine;
import org.crisisline.notifier.domain.SmsStatus;

/**
 * What the SMS provider says about a message, from its signed status callback (checked by the
 * HTTP layer) or from {@link StatusPoller}; on the dispatcher's context. Moves the ledger forward,
 * never back ({@link SendStateMachine#onProviderStatus}), and reports the change on {@code deliveries}.
 */
public final class StatusCallbacks {
  private final SendLog log;
  private final OfferIndex offers;
  private final NotifierMetrics metrics;
  private final Clock clock;

  public StatusCallbacks(SendLog log, OfferIndex offers, NotifierMetrics metrics, Clock clock) {
    this.log = log;
    this.offers = offers;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** True if the callback changed the ledger; false if stale, out of order or for an unknown send. */
  public Future<Boolean> smsStatus(String offerId, String requestIdHint, String sid, String status) {
    SendRecord current = log.latest(offerId, DeliveryChannel.SMS);
    Instant now = clock.instant();
    var next = SendStateMachine.onProviderStatus(current, status, sid, Ids.newId(), now);
    if (next.isEmpty()) {
      metrics.callback("sms-status", "ignored");
      return Future.succeededFuture(false);
    }
    SendRecord record = next.get();
    boolean failed = SmsStatus.isFailure(record.providerStatus());
    Future<Void> written = log.write(record);
    boolean all = failed && log.allRecordedFailed(offerId);
    OfferMade offer = offers.get(offerId);
    String requestId = offer != null ? offer.requestId() : requestIdHint;
    metrics.callback("sms-status", record.providerStatus());
    return written.map(v -> {
      if (failed) {
        metrics.outcome(DeliveryChannel.SMS, "failed");
        log.emit(new DeliveryFailed(Ids.newId(), now, offerId, requestId, record.recipientId(), DeliveryChannel.SMS,
            "provider reported " + record.providerStatus(), true, all));
      } else {
        if ("delivered".equals(record.providerStatus())) {
          metrics.outcome(DeliveryChannel.SMS, "delivered");
        }
        log.emit(new DeliveryDelivered(Ids.newId(), now, offerId, requestId, record.recipientId(),
            DeliveryChannel.SMS, record.providerMessageId(), record.providerStatus()));
      }
      return true;
    });
  }
}

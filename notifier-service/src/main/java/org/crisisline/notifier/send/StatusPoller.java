package org.crisisline.notifier.send;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.SendRecord;
import org.crisisline.notifier.domain.Ledger;
import org.crisisline.notifier.domain.SendState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery tracking when a status callback is lost (the notifier was down, the provider gave
 * up): SMS sends still SENT or UNKNOWN-with-a-sid, older than one poll interval and younger than
 * {@link #WINDOW}, are asked of the provider by sid, and the answer goes through the same
 * forward-only path as a callback ({@link StatusCallbacks#smsStatus}). Runs on the dispatcher's context.
 */
public final class StatusPoller {
  private static final Logger LOG = LoggerFactory.getLogger(StatusPoller.class);
  /** Past this age a message that never reported is left alone; nothing would change anyway. */
  static final Duration WINDOW = Duration.ofMinutes(10);
  private static final int BATCH = 100;

  private final Ledger ledger;
  private final SmsSender sms;
  private final StatusCallbacks callbacks;
  private final Clock clock;
  private final Duration minAge;
  private final AtomicBoolean running = new AtomicBoolean();

  public StatusPoller(Ledger ledger, SmsSender sms, StatusCallbacks callbacks, Clock clock, Duration minAge) {
    this.ledger = ledger;
    this.sms = sms;
    this.callbacks = callbacks;
    this.clock = clock;
    this.minAge = minAge;
  }

  /** One round; a round still running makes the next one a no-op. */
  public void poll() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    Instant now = clock.instant();
    var due = ledger.olderThan(now.minus(minAge)).stream()
        .filter(r -> r.channel() == DeliveryChannel.SMS && r.providerMessageId() != null)
        .filter(r -> r.occurredAt().isAfter(now.minus(WINDOW)))
        .filter(r -> SendState.parse(r.state()) == SendState.SENT || SendState.parse(r.state()) == SendState.UNKNOWN)
        .limit(BATCH)
        .toList();
    if (due.isEmpty()) {
      running.set(false);
      return;
    }
    Future<Void> chain = Future.succeededFuture();
    for (SendRecord r : due) {
      chain = chain.compose(v -> sms.status(r.providerMessageId()).compose(status -> status.isPresent()
          ? callbacks.smsStatus(r.offerId(), null, r.providerMessageId(), status.get()).mapEmpty()
          : Future.<Void>succeededFuture()));
    }
    chain.onComplete(ar -> {
      running.set(false);
      if (ar.failed()) {
        LOG.warn("SMS status poll stopped early: {}", ar.cause().toString());
      }
    });
  }
}

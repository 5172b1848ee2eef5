package org.crisisline.notifier.send;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.crisisline.events.AnswerEvent;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.DeliveryDelivered;
import org.crisisline.events.DeliveryFailed;
import org.crisisline.events.Ids;
import org.crisisline.events.OfferAccepted;
import org.crisisline.events.OfferDeclined;
import org.crisisline.events.OfferMade;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.SendRecord;
import org.crisisline.notifier.NotifierMetrics;
import org.crisisline.notifier.domain.Contacts;
import org.crisisline.notifier.domain.Ledger;
import org.crisisline.notifier.domain.OfferIndex;
import org.crisisline.notifier.domain.Recipient;
import org.crisisline.notifier.domain.SendStateMachine;
import org.crisisline.notifier.domain.SmsReply;
import org.crisisline.notifier.domain.SmsStatus;
import org.crisisline.notifier.kafka.KafkaWriter;

/**
 * What the SMS provider tells us, already signature-checked by the HTTP layer; runs on the
 * dispatcher's context. Status callbacks move the ledger forward (never back) and become
 * delivery events; replies {@code YES/NO <code>} from the responder's own phone become
 * {@link OfferAccepted}/{@link OfferDeclined} on {@code offer-answers} with via SMS_REPLY.
 */
public final class Callbacks {
  /** What to tell the person who texted. */
  public record ReplyOutcome(boolean recorded, String message) {}

  private final LegRunner runner;
  private final KafkaWriter writer;
  private final Ledger ledger;
  private final OfferIndex offers;
  private final Contacts contacts;
  private final NotifierMetrics metrics;
  private final Clock clock;
  private final io.vertx.core.Context ctx;
  // Providers retry webhooks: one answer per inbound message id.
  private final Set<String> seenReplies = Collections.newSetFromMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > 10_000;
    }
  });

  public Callbacks(io.vertx.core.Context ctx, LegRunner runner, KafkaWriter writer, Ledger ledger, OfferIndex offers,
      Contacts contacts, NotifierMetrics metrics, Clock clock) {
    this.ctx = ctx;
    this.runner = runner;
    this.writer = writer;
    this.ledger = ledger;
    this.offers = offers;
    this.contacts = contacts;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** True if the callback changed the ledger; false if stale, out of order or for an unknown send. */
  public Future<Boolean> smsStatus(String offerId, String requestIdHint, String sid, String status) {
    SendRecord current = ledger.get(offerId, DeliveryChannel.SMS);
    Instant now = clock.instant();
    var next = SendStateMachine.onProviderStatus(current, status, sid, Ids.newId(), now);
    if (next.isEmpty()) {
      metrics.callback("sms-status", "ignored");
      return Future.succeededFuture(false);
    }
    SendRecord record = next.get();
    boolean failed = SmsStatus.isFailure(record.providerStatus());
    Future<Void> written = runner.write(record);
    boolean all = failed && ledger.allFailed(offerId, ledger.channels(offerId).keySet());
    OfferMade offer = offers.get(offerId);
    String requestId = offer != null ? offer.requestId() : requestIdHint;
    metrics.callback("sms-status", record.providerStatus());
    return written.map(v -> {
      if (failed) {
        metrics.outcome(DeliveryChannel.SMS, "failed");
        runner.emit(new DeliveryFailed(Ids.newId(), now, offerId, requestId, record.recipientId(), DeliveryChannel.SMS,
            "provider reported " + record.providerStatus(), true, all));
      } else {
        if ("delivered".equals(record.providerStatus())) {
          metrics.outcome(DeliveryChannel.SMS, "delivered");
        }
        runner.emit(new DeliveryDelivered(Ids.newId(), now, offerId, requestId, record.recipientId(),
            DeliveryChannel.SMS, record.providerMessageId(), record.providerStatus()));
      }
      return true;
    });
  }

  /** An inbound SMS: {@code from} must be the phone of the responder the offer went to. */
  public Future<ReplyOutcome> inbound(String messageSid, String from, String body) {
    var reply = SmsReply.parse(body);
    if (reply.isEmpty()) {
      metrics.callback("sms-inbound", "unparsed");
      return Future.succeededFuture(new ReplyOutcome(false, "Reply YES <code> to accept or NO <code> to decline."));
    }
    Instant now = clock.instant();
    String phone = Recipient.phoneDigits(from);
    List<OfferMade> candidates = reply.get().offerCode() != null
        ? offers.byCode(reply.get().offerCode()).stream()
            .filter(o -> !o.isReferral() && fromResponder(o, phone))
            .filter(o -> o.expiresAt() == null || now.isBefore(o.expiresAt()))
            .toList()
        : offers.openFor(o -> fromResponder(o, phone), now);
    if (candidates.size() != 1) {
      metrics.callback("sms-inbound", candidates.isEmpty() ? "no-offer" : "ambiguous");
      return Future.succeededFuture(new ReplyOutcome(false, candidates.isEmpty()
          ? "No open offer matches that code." : "Several open offers: reply YES <code> or NO <code>."));
    }
    OfferMade offer = candidates.get(0);
    String key = messageSid != null && !messageSid.isBlank() ? messageSid : null;
    if (key != null && !seenReplies.add(key)) {
      return Future.succeededFuture(new ReplyOutcome(true, "Already recorded."));
    }
    String eventId = key != null
        ? UUID.nameUUIDFromBytes(("sms-reply:" + key).getBytes(StandardCharsets.UTF_8)).toString() : Ids.newId();
    AnswerEvent answer = reply.get().accept()
        ? new OfferAccepted(eventId, now, offer.requestId(), offer.offerId(), offer.responderId(), AnswerVia.SMS_REPLY)
        : new OfferDeclined(eventId, now, offer.requestId(), offer.offerId(), offer.responderId(), "declined by SMS",
            AnswerVia.SMS_REPLY);
    metrics.callback("sms-inbound", reply.get().accept() ? "accept" : "decline");
    return writer.answer(ctx, answer)
        .map(v -> new ReplyOutcome(true, (reply.get().accept() ? "Accepted " : "Declined ") + offer.offerCode() + "."))
        .onFailure(e -> {
          if (key != null) {
            seenReplies.remove(key);
          }
        });
  }

  private boolean fromResponder(OfferMade offer, String phoneDigits) {
    ResponderProfile profile = contacts.responder(offer.responderId());
    return profile != null && profile.contact() != null && !phoneDigits.isEmpty()
        && phoneDigits.equals(Recipient.phoneDigits(profile.contact().phone()));
  }
}

package org.crisisline.notifier.send;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.crisisline.events.AlertAckRequested;
import org.crisisline.events.AlertVia;
import org.crisisline.events.Ids;
import org.crisisline.notifier.NotifierMetrics;
import org.crisisline.notifier.domain.Contacts;
import org.crisisline.notifier.domain.PageIndex;
import org.crisisline.notifier.domain.Recipient;
import org.crisisline.notifier.domain.SmsAck;

/**
 * SMS acknowledgements of a page, {@code ACK <code>} (signature already checked by the HTTP
 * layer): the sender's phone must belong to an on-call person ({@code oncall-people}) who was
 * paged for an alert with that code ({@link PageIndex}). Then one {@link AlertAckRequested}
 * (alert, request, that person, via SMS; never the text) is handed to {@code acks}, which writes
 * {@code sms-alert-acks}; routing decides whether the alert is still open. Anything else changes
 * nothing. Providers retry webhooks: one request per inbound message id, and its event id is
 * derived from that id, so a retry that slips through is still recognisable downstream.
 */
public final class SmsAcks {
  private final Function<AlertAckRequested, Future<Void>> acks;
  private final PageIndex pages;
  private final Contacts contacts;
  private final NotifierMetrics metrics;
  private final Clock clock;
  private final RecentIds seen = new RecentIds(10_000);

  public SmsAcks(Function<AlertAckRequested, Future<Void>> acks, PageIndex pages, Contacts contacts,
      NotifierMetrics metrics, Clock clock) {
    this.acks = acks;
    this.pages = pages;
    this.contacts = contacts;
    this.metrics = metrics;
    this.clock = clock;
  }

  Future<SmsReplies.ReplyOutcome> inbound(String messageSid, String from, SmsAck ack) {
    Set<String> senders = contacts.onCallUsersWithPhone(Recipient.phoneDigits(from));
    Optional<PageIndex.AckTarget> target = pages.ackTarget(ack.code(), senders);
    if (target.isEmpty()) {
      metrics.callback("sms-inbound", "no-page");
      return Future.succeededFuture(new SmsReplies.ReplyOutcome(false, "No page to this phone matches that code."));
    }
    String key = messageSid != null && !messageSid.isBlank() ? messageSid : null;
    if (key != null && !seen.add(key)) {
      return Future.succeededFuture(new SmsReplies.ReplyOutcome(true, "Already recorded."));
    }
    String eventId = key != null
        ? UUID.nameUUIDFromBytes(("sms-ack:" + key).getBytes(StandardCharsets.UTF_8)).toString() : Ids.newId();
    AlertAckRequested request = new AlertAckRequested(eventId, clock.instant(), target.get().alertId(),
        target.get().requestId(), target.get().userId(), AlertVia.SMS);
    metrics.callback("sms-inbound", "ack");
    return acks.apply(request)
        .map(v -> new SmsReplies.ReplyOutcome(true, "Acknowledged alert " + ack.code() + ". Thank you."))
        .onFailure(e -> {
          if (key != null) {
            seen.remove(key);
          }
        });
  }
}

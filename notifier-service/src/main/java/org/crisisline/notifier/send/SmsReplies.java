package org.crisisline.notifier.send;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.crisisline.events.Ids;
import org.crisisline.events.OfferMade;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.SmsReplyReceived;
import org.crisisline.notifier.NotifierMetrics;
import org.crisisline.notifier.domain.Contacts;
import org.crisisline.notifier.domain.OfferIndex;
import org.crisisline.notifier.domain.OptOutWords;
import org.crisisline.notifier.domain.Recipient;
import org.crisisline.notifier.domain.SmsAck;
import org.crisisline.notifier.domain.SmsReply;

/**
 * Replies {@code YES/NO <code>} texted from the responder's own phone (signature already checked
 * by the HTTP layer) become {@link SmsReplyReceived} (offer, responder resolved from the phone,
 * ACCEPT or DECLINE; never the text), handed to {@code replies} (which writes {@code sms-replies};
 * routing reads it as the corresponding answer). {@code ACK <code>} from a paged phone is an
 * acknowledgement of the page, handled by {@link SmsAcks}; an opt-out word (STOP) withdraws a
 * caller's consent, handled by {@link SmsOptOuts}. Providers retry webhooks: one reply per
 * inbound message id.
 */
public final class SmsReplies {
  /** What to tell the person who texted; a null message says nothing back. */
  public record ReplyOutcome(boolean recorded, String message) {}

  private final Function<SmsReplyReceived, Future<Void>> replies;
  private final SmsAcks acks;
  private final SmsOptOuts optOuts;
  private final OfferIndex offers;
  private final Contacts contacts;
  private final NotifierMetrics metrics;
  private final Clock clock;
  private final RecentIds seenReplies = new RecentIds(10_000);

  public SmsReplies(Function<SmsReplyReceived, Future<Void>> replies, SmsAcks acks, SmsOptOuts optOuts,
      OfferIndex offers, Contacts contacts, NotifierMetrics metrics, Clock clock) {
    this.replies = replies;
    this.acks = acks;
    this.optOuts = optOuts;
    this.offers = offers;
    this.contacts = contacts;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * An inbound SMS: {@code from} must be the phone of the responder the offer went to, or, for
   * {@code ACK <code>}, of a person paged for that alert.
   */
  public Future<ReplyOutcome> inbound(String messageSid, String from, String body) {
    if (OptOutWords.isOptOut(body)) {
      return optOuts.inbound(messageSid, from);
    }
    var ack = SmsAck.parse(body);
    if (ack.isPresent()) {
      return acks.inbound(messageSid, from, ack.get());
    }
    var reply = SmsReply.parse(body);
    if (reply.isEmpty()) {
      metrics.callback("sms-inbound", "unparsed");
      return Future.succeededFuture(new ReplyOutcome(false, "Reply YES <code> to accept, NO <code> to decline, or ACK <code> to acknowledge a page."));
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
    // Only the decision is forwarded: whatever else the message said would travel in clear.
    SmsReplyReceived received = new SmsReplyReceived(eventId, offer.requestId(), offer.offerId(),
        offer.responderId(), reply.get().accept() ? SmsReplyReceived.Decision.ACCEPT : SmsReplyReceived.Decision.DECLINE,
        now);
    metrics.callback("sms-inbound", reply.get().accept() ? "accept" : "decline");
    return replies.apply(received)
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

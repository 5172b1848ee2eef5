package org.crisisline.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * Values of {@code sms-replies}, keyed by requestId, written by the notifier only: a responder
 * texted YES or NO for one offer. It carries what such a reply can mean and nothing else: which
 * offer, whose phone it came from ({@code responderId}, resolved by the notifier from the sender's
 * number), the decision and when it arrived. No free text: whatever else the message said is not
 * forwarded. Routing turns it into the {@link AnswerEvent} of {@link #toAnswer()} and decides
 * whether that still applies, exactly as for an answer on {@code offer-answers}.
 */
public record SmsReplyReceived(
    String eventId,
    String requestId,
    String offerId,
    String responderId,
    Decision decision,
    Instant receivedAt)
    implements Event {

  /** All an SMS reply can say. */
  public enum Decision { ACCEPT, DECLINE }

  /** The reply's time is when it was received. */
  @Override
  @JsonIgnore
  public Instant occurredAt() {
    return receivedAt;
  }

  /** The answer this reply stands for: same event id, via {@link AnswerVia#SMS_REPLY}, no reason or note. */
  public AnswerEvent toAnswer() {
    return switch (decision) {
      case ACCEPT -> new OfferAccepted(eventId, receivedAt, requestId, offerId, responderId, AnswerVia.SMS_REPLY);
      case DECLINE -> new OfferDeclined(eventId, receivedAt, requestId, offerId, responderId, null, null,
          AnswerVia.SMS_REPLY);
    };
  }
}

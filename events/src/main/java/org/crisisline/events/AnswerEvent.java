package org.crisisline.events;

/**
 * Values of {@code offer-answers}, keyed by requestId, written by intake only (API, signed link).
 * Services answer referrals with a {@link ServiceAnswer}, also written by intake. A peer specialist
 * records how a follow-up went with a {@link FollowUpOutcomeRecorded}; a follow-up is added with a
 * {@link FollowUpRequested} and cancelled with a {@link FollowUpCancelRequested}.
 * An SMS reply arrives on {@code sms-replies} as {@link SmsReplyReceived} and becomes one of these
 * (via {@link SmsReplyReceived#toAnswer()}) when routing reads it. Routing decides whether an
 * answer still applies.
 */
public sealed interface AnswerEvent extends Event
    permits OfferAccepted, OfferDeclined, RequestCompleted, ServiceAnswer, FollowUpOutcomeRecorded,
        FollowUpRequested, FollowUpCancelRequested {
  String requestId();

  String responderId();
}

package org.crisisline.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A local service's answer to a referral offer ({@link OfferMade} with a serviceId), on
 * {@code offer-answers} keyed by requestId, written by intake when the service's intake contact
 * uses its signed link ({@code /s/{token}}, {@link OfferLinks#forReferrals}). Routing judges it:
 * only the service the outstanding referral offer was made to may accept or decline it; an
 * outcome only follows an accept.
 */
public sealed interface ServiceAnswer extends AnswerEvent
    permits ReferralAccepted, ReferralDeclined, ReferralOutcomeRecorded {
  String offerId();

  String serviceId();

  /** A service is not a responder: answers by services name none. */
  @Override
  @JsonIgnore
  default String responderId() {
    return null;
  }
}

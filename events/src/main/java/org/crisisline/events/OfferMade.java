package org.crisisline.events;

import java.time.Instant;

/**
 * Routing offers a request to one responder ({@code responderId}) or hands a referral to a
 * local service ({@code serviceId}); exactly one of the two is set. Carries only what a
 * PII-free handoff message may say. {@code region} is the market that made the offer (the
 * backup region after a rollover). {@code offerCode} is the short code for SMS replies.
 */
public record OfferMade(
    String eventId,
    Instant occurredAt,
    String requestId,
    String offerId,
    String offerCode,
    String responderId,
    String serviceId,
    int attempt,
    Instant expiresAt,
    Urgency urgency,
    Need need,
    ReferralKind referralKind,
    String language,
    String region)
    implements OfferEvent {

  public boolean isReferral() {
    return serviceId != null;
  }
}

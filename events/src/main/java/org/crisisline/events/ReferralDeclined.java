package org.crisisline.events;

import java.time.Instant;

/** The service cannot take the person; routing moves the referral to the next matching service. */
public record ReferralDeclined(
    String eventId, Instant occurredAt, String requestId, String offerId, String serviceId,
    ReferralDeclineReason reasonCode, AnswerVia via)
    implements ServiceAnswer {}

package org.crisisline.events;

import java.time.Instant;

/** The service takes the person on ("we will contact them"): the referral ends REFERRAL_ACCEPTED. */
public record ReferralAccepted(
    String eventId, Instant occurredAt, String requestId, String offerId, String serviceId, AnswerVia via)
    implements ServiceAnswer {}

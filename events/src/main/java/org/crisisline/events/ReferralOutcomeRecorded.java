package org.crisisline.events;

import java.time.Instant;

/** Later, the accepting service says whether it reached the person. Appends to the timeline. */
public record ReferralOutcomeRecorded(
    String eventId, Instant occurredAt, String requestId, String offerId, String serviceId,
    ReferralOutcome outcome, AnswerVia via)
    implements ServiceAnswer {}

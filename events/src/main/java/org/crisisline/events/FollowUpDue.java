package org.crisisline.events;

import java.time.Instant;

/**
 * A follow-up fell due and routing logged it as request {@code followUpId} (need PEER_SUPPORT, kind
 * FOLLOW_UP, urgency MODERATE, {@code parentRequestId} = {@code requestId}), now offered to a peer
 * specialist in {@code region} who speaks {@code language}. {@code callerContact} is the followed
 * request's sealed contact (field {@code callerContact}, bound to {@code requestId}, exactly as intake
 * sealed it) so the notifier can send the caring message; {@code caringMessage} says whether the
 * policy ({@code followup.message}) wants one. The notifier sends at most one per followUpId.
 */
public record FollowUpDue(
    String eventId,
    Instant occurredAt,
    String requestId,
    String followUpId,
    int step,
    int attempt,
    String region,
    String language,
    Sealed callerContact,
    boolean caringMessage)
    implements FollowUpEvent {}

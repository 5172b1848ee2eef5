package org.crisisline.events;

import java.time.Instant;

/**
 * Page one person for an alert. The notifier sends it by SMS and email (the person's channels in
 * {@code oncall-people}) once per {@code pageId} and channel, and reports each send on
 * {@code deliveries} with {@code offerId = pageId}. No caller details: urgency, region, how long
 * the request has waited and the alert's code are all a page says. {@code pageId} is a fresh
 * UUID ({@link Ids#newId()}): the signed link in the page names it (the link says who was paged),
 * signed under a key of its own so an offer's link is never a page's and vice versa.
 */
public record AlertPaged(
    String eventId,
    Instant occurredAt,
    String alertId,
    String pageId,
    String code,
    String requestId,
    String region,
    Urgency urgency,
    AlertReason reason,
    String userId,
    String scheduleId,
    int step,
    int attempt,
    Instant waitingSince)
    implements AlertEvent {}

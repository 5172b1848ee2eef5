package org.crisisline.events;

import java.time.Instant;

/**
 * Page one person for an alert. The notifier sends it by SMS and email (the person's channels in
 * {@code oncall-people}) once per {@code pageId} and channel, and reports each send on
 * {@code deliveries} with {@code offerId = pageId}. No caller details: urgency, region, how long
 * the request has waited and the alert's code are all a page says.
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
    implements AlertEvent {

  /** The page id: one per alert, step, pass and person, so the same decision always has the same id. */
  public static String pageId(String alertId, int step, int attempt, String userId) {
    return alertId + "-s" + step + "a" + attempt + "-" + userId;
  }
}

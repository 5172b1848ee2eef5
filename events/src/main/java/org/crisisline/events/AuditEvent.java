package org.crisisline.events;

import java.time.Instant;

/**
 * Value of {@code audit}, keyed by the resource id: who read or changed what, when, from where.
 * {@code action} is e.g. {@code request.read}, {@code request.create}, {@code responder.update};
 * {@code outcome} is {@code ok} or {@code denied}. {@code count} is how many resources the action
 * touched when it says a number ({@code caller.erase}: the requests erased), else null. Never carries
 * the resource's content.
 */
public record AuditEvent(
    String eventId,
    Instant occurredAt,
    String actor,
    String role,
    String action,
    String resourceType,
    String resourceId,
    String sourceAddress,
    String outcome,
    String correlationId,
    Integer count)
    implements Event {

  /** An audit record that counts nothing. */
  public AuditEvent(String eventId, Instant occurredAt, String actor, String role, String action, String resourceType,
      String resourceId, String sourceAddress, String outcome, String correlationId) {
    this(eventId, occurredAt, actor, role, action, resourceType, resourceId, sourceAddress, outcome, correlationId, null);
  }
}

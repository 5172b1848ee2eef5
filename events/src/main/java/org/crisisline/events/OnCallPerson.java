package org.crisisline.events;

import java.time.Instant;
import java.util.List;

/**
 * Value of the compacted {@code oncall-people}, keyed by userId: a person who may be on call
 * (a supervisor, say) with their own work contact, for pages. {@code channels} is the order the
 * notifier pages them in (SMS then email when empty). Not caller data. A tombstone removes them.
 */
public record OnCallPerson(
    String eventId,
    Instant occurredAt,
    String userId,
    String name,
    Contact contact,
    List<DeliveryChannel> channels)
    implements Event {

  public OnCallPerson {
    channels = channels == null ? List.of() : List.copyOf(channels);
  }
}

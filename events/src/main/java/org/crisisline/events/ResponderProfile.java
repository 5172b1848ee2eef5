package org.crisisline.events;

import java.time.Instant;
import java.util.List;

/**
 * Value of the compacted {@code responders} topic, keyed by responderId. {@code capacity} is
 * how many requests the responder may hold at once; {@code channels} is the order in which
 * the notifier tries to reach them.
 */
public record ResponderProfile(
    String eventId,
    Instant occurredAt,
    String responderId,
    String displayName,
    ResponderKind kind,
    String region,
    List<String> languages,
    List<String> specialties,
    int capacity,
    Contact contact,
    List<DeliveryChannel> channels,
    boolean active)
    implements Event {

  public ResponderProfile {
    languages = languages == null ? List.of() : List.copyOf(languages);
    specialties = specialties == null ? List.of() : List.copyOf(specialties);
    channels = channels == null ? List.of() : List.copyOf(channels);
  }
}

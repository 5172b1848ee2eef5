package org.crisisline.intake.view;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.ResponderStatusChanged;

/**
 * Responders by id from the compacted {@code responders} topic and their latest status from
 * {@code responder-status}. Also the demo accounts' source of responder logins and a source
 * of known regions.
 */
public final class ResponderView {
  private final ConcurrentHashMap<String, ResponderProfile> profiles = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ResponderStatusChanged> statuses = new ConcurrentHashMap<>();

  /** A responder with their latest status (null if none was ever set). */
  public record Entry(ResponderProfile profile, ResponderStatusChanged status) {}

  public void apply(String responderId, ResponderProfile profile) {
    if (profile == null) {
      profiles.remove(responderId);
    } else {
      profiles.merge(responderId, profile, (old, neu) -> neu.occurredAt().isBefore(old.occurredAt()) ? old : neu);
    }
  }

  public void apply(ResponderStatusChanged status) {
    statuses.merge(status.responderId(), status, (old, neu) -> neu.occurredAt().isBefore(old.occurredAt()) ? old : neu);
  }

  public Optional<ResponderProfile> profile(String responderId) {
    return Optional.ofNullable(profiles.get(responderId));
  }

  public List<Entry> all() {
    return profiles.values().stream()
        .sorted(Comparator.comparing(ResponderProfile::responderId))
        .map(p -> new Entry(p, statuses.get(p.responderId())))
        .toList();
  }

  public Set<String> regions() {
    return profiles.values().stream().map(ResponderProfile::region).collect(Collectors.toSet());
  }
}

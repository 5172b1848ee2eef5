package org.crisisline.intake.view;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.crisisline.events.OnCallPerson;

/**
 * People who may be on call, by userId, from the compacted {@code oncall-people} topic (intake's
 * own writes are applied on the broker's ack too, so a read right after a write sees it).
 */
public final class OnCallPeopleView {
  private final ConcurrentHashMap<String, OnCallPerson> people = new ConcurrentHashMap<>();
  // When intake itself removed someone: the topic's echo of an earlier save, read after the removal
  // was applied on its ack, must not bring them back.
  private final ConcurrentHashMap<String, Instant> removedAt = new ConcurrentHashMap<>();

  /** A null value is a tombstone. An older record than the one held (an echo of our own write) is ignored. */
  public void apply(String userId, OnCallPerson person) {
    if (person == null) {
      people.remove(userId);
      return;
    }
    Instant removed = removedAt.get(userId);
    if (removed != null && !person.occurredAt().isAfter(removed)) {
      return;
    }
    people.merge(userId, person, (old, now) -> now.occurredAt().isBefore(old.occurredAt()) ? old : now);
  }

  /** Intake removed them at {@code at} (its tombstone was acknowledged). */
  public void removed(String userId, Instant at) {
    removedAt.put(userId, at);
    people.computeIfPresent(userId, (id, p) -> p.occurredAt().isAfter(at) ? p : null);
  }

  public Optional<OnCallPerson> get(String userId) {
    return Optional.ofNullable(people.get(userId));
  }

  /** Their name, if they are in the directory. */
  public Optional<String> name(String userId) {
    return get(userId).map(OnCallPerson::name);
  }

  /** Everyone, by userId. */
  public List<OnCallPerson> all() {
    return people.values().stream().sorted(Comparator.comparing(OnCallPerson::userId)).toList();
  }
}

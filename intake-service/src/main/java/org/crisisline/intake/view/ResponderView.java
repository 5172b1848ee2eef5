package org.crisisline.intake.view;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.crisisline.events.QueueSnapshot;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.ResponderStatusChanged;

/**
 * Responders by id from the compacted {@code responders} topic and their latest status from
 * {@code responder-status}. Also the demo accounts' source of responder logins and a source
 * of known regions.
 *
 * <p>Routing sets a responder AWAY when they miss an offer or cannot be reached, but it may not
 * write {@code responder-status} (intake is its single writer); it publishes that only in the
 * {@code awayReasons} of its {@code queue-snapshots}. So a responder's effective status is the
 * later of their last {@code responder-status} event and the AWAY their pool's latest snapshot
 * shows, dated when a snapshot first showed it with that reason. Pressing Available after it
 * (a newer status event) wins at once, even while snapshots taken before routing saw the
 * change still list the old reason.
 */
public final class ResponderView {
  /** {@code changedBy} of an AWAY that routing set. */
  public static final String ROUTING = "routing";

  private final ConcurrentHashMap<String, ResponderProfile> profiles = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ResponderStatusChanged> statuses = new ConcurrentHashMap<>();
  // How many responders each region has (a region is known while it has one).
  private final RegionCounts regions = new RegionCounts();
  // poolId -> responderId -> AWAY as routing last published it for that pool.
  private final ConcurrentHashMap<String, Map<String, Away>> awayByPool = new ConcurrentHashMap<>();

  /** A responder with their effective status (null if none was ever set). */
  public record Entry(ResponderProfile profile, ResponderStatusChanged status) {}

  private record Away(String reason, Instant since) {}

  public void apply(String responderId, ResponderProfile profile) {
    profiles.compute(responderId, (id, old) -> {
      ResponderProfile next = profile == null ? null
          : old != null && profile.occurredAt().isBefore(old.occurredAt()) ? old : profile;
      if (old != null) {
        regions.remove(old.region());
      }
      if (next != null) {
        regions.add(next.region());
      }
      return next;
    });
  }

  public void apply(ResponderStatusChanged status) {
    statuses.merge(status.responderId(), status, (old, neu) -> neu.occurredAt().isBefore(old.occurredAt()) ? old : neu);
  }

  /** A pool's latest queue snapshot (key poolId; null is a tombstone). */
  public void applySnapshot(String poolId, QueueSnapshot snapshot) {
    if (poolId == null) {
      return;
    }
    if (snapshot == null) {
      awayByPool.remove(poolId);
      return;
    }
    awayByPool.compute(poolId, (k, before) -> {
      Map<String, Away> next = new HashMap<>();
      snapshot.awayReasons().forEach((id, reason) -> {
        Away seen = before == null ? null : before.get(id);
        next.put(id, seen != null && seen.reason().equals(reason) ? seen : new Away(reason, snapshot.occurredAt()));
      });
      return Map.copyOf(next);
    });
  }

  public Optional<ResponderProfile> profile(String responderId) {
    return Optional.ofNullable(profiles.get(responderId));
  }

  public Optional<Entry> entry(String responderId) {
    return profile(responderId).map(p -> new Entry(p, statusOf(p)));
  }

  public List<Entry> all() {
    return profiles.values().stream()
        .sorted(Comparator.comparing(ResponderProfile::responderId))
        .map(p -> new Entry(p, statusOf(p)))
        .toList();
  }

  /** Whether any responder is in this region: O(1), asked for every request logged. */
  public boolean hasRegion(String region) {
    return regions.contains(region);
  }

  private ResponderStatusChanged statusOf(ResponderProfile p) {
    ResponderStatusChanged own = statuses.get(p.responderId());
    String poolId = p.region() + "/" + (p.kind() == null ? "" : p.kind().name());
    Away away = awayByPool.getOrDefault(poolId, Map.of()).get(p.responderId());
    if (away == null) {
      return own;
    }
    if (own != null && (!own.occurredAt().isBefore(away.since())
        || own.status() == ResponderStatus.AWAY && Objects.equals(own.reason(), away.reason()))) {
      return own;
    }
    return new ResponderStatusChanged(null, away.since(), p.responderId(), ResponderStatus.AWAY, away.reason(), ROUTING);
  }
}

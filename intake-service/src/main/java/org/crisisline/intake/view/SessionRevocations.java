package org.crisisline.intake.view;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.crisisline.events.SessionRevoked;

/**
 * Signed-out sessions, from the compacted {@code session-revocations} (key session id): every
 * intake instance reads the topic, so a logout at one refuses the session's tokens at all of
 * them. Intake's own revocations also apply at once on the broker's ack.
 */
public final class SessionRevocations {
  private final ConcurrentHashMap<String, Instant> until = new ConcurrentHashMap<>();

  /** A record of the topic; null (a tombstone) forgets the session. */
  public void apply(String sessionId, SessionRevoked revoked) {
    if (revoked == null) {
      until.remove(sessionId);
    } else {
      until.merge(sessionId, revoked.revokedUntil(), (a, b) -> a.isAfter(b) ? a : b);
    }
  }

  public boolean isRevoked(String sessionId, Instant now) {
    Instant end = sessionId == null ? null : until.get(sessionId);
    return end != null && now.isBefore(end);
  }

  /** Sessions whose revocation is no longer needed: no token of theirs can still be valid. */
  public List<String> expired(Instant now) {
    return until.entrySet().stream().filter(e -> !now.isBefore(e.getValue())).map(java.util.Map.Entry::getKey).toList();
  }
}

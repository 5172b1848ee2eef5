package org.crisisline.intake.view;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.crisisline.events.AuditEvent;

/**
 * The most recent audit events from {@code audit}, bounded (oldest dropped first) so memory
 * stays flat however long the topic grows; the topic itself is the full trail.
 */
public final class AuditView {
  public static final int CAPACITY = 10_000;
  private final Deque<AuditEvent> recent = new ArrayDeque<>();

  public synchronized void apply(AuditEvent event) {
    if (event == null) {
      return;
    }
    recent.addFirst(event);
    if (recent.size() > CAPACITY) {
      recent.removeLast();
    }
  }

  /** Newest first; {@code resourceId} null = all; at most {@code limit}. */
  public synchronized List<AuditEvent> find(String resourceId, int limit) {
    return recent.stream().filter(e -> resourceId == null || resourceId.equals(e.resourceId())).limit(limit).toList();
  }
}

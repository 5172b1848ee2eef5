package org.crisisline.records.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.crisisline.events.Event;

/**
 * The contact events of one poll, written in a few statements: their ids are claimed in
 * {@code applied_events} in one statement (an id already there, or twice in the poll, is a replay
 * and applies nothing), then the first-timers are folded per request and written by
 * {@link ContactWriter}. The caller wraps it in the transaction that also stores the offsets.
 */
final class ContactBatch {
  private record Pending(String topic, Event event) {}

  private final Map<String, Pending> events = new LinkedHashMap<>();

  /** Takes a contact event in (the first of an id); false for any event the read model does not hold. */
  boolean add(String topic, Event event) {
    if (!ContactWriter.relevant(event)) {
      return false;
    }
    events.putIfAbsent(event.eventId(), new Pending(topic, event));
    return true;
  }

  /** Writes the batch; returns how many events changed the read model (the rest were seen before). */
  int write(Connection c) throws SQLException {
    if (events.isEmpty()) {
      return 0;
    }
    Set<String> fresh = claim(c);
    ContactWriter writer = new ContactWriter();
    for (Pending p : events.values()) {
      if (fresh.contains(p.event().eventId())) {
        writer.add(p.event());
      }
    }
    writer.write(c);
    return fresh.size();
  }

  /**
   * Inserts every event id; returns those that were not there yet. In id order, so two instances
   * claiming overlapping polls wait for each other rather than deadlock.
   */
  private Set<String> claim(Connection c) throws SQLException {
    Rows rows = new Rows("event_id text", "topic text", "occurred_at timestamptz");
    new TreeMap<>(events).values().forEach(p -> rows.add(p.event().eventId(), p.topic(), p.event().occurredAt()));
    Set<String> fresh = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement(
        rows.insert("applied_events", "ON CONFLICT DO NOTHING RETURNING event_id"))) {
      rows.bind(c, ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          fresh.add(rs.getString(1));
        }
      }
    }
    return fresh;
  }
}

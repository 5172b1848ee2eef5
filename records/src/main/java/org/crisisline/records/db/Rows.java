package org.crisisline.records.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Many rows in one statement: each column goes to the server as one text array and comes out of
 * {@code unnest} cast to its type, so a whole poll's rows of a table are one round trip whatever
 * their number (no 32,767-parameter limit of a multi-row VALUES). Instants travel as ISO-8601 UTC,
 * which PostgreSQL reads as {@code timestamptz} without any time-zone guess.
 */
final class Rows {
  private final String[] names;
  private final String[] types;
  private final List<String[]> rows = new ArrayList<>();

  /** Columns as {@code name type} pairs, e.g. {@code "request_id text", "logged_at timestamptz"}. */
  Rows(String... columns) {
    names = new String[columns.length];
    types = new String[columns.length];
    for (int i = 0; i < columns.length; i++) {
      String[] parts = columns[i].trim().split("\\s+");
      names[i] = parts[0];
      types[i] = parts[1];
    }
  }

  Rows add(Object... values) {
    if (values.length != names.length) {
      throw new IllegalArgumentException("expected " + names.length + " values, got " + values.length);
    }
    String[] row = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      row[i] = v == null ? null : v instanceof Enum<?> e ? e.name() : v instanceof Instant t ? t.toString()
          : v.toString();
    }
    rows.add(row);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** {@code INSERT INTO table (columns) SELECT ... FROM unnest(...)}, then {@code tail} (ON CONFLICT ...). */
  String insert(String table, String tail) {
    StringBuilder cast = new StringBuilder();
    StringBuilder arrays = new StringBuilder();
    for (int i = 0; i < names.length; i++) {
      String sep = i == 0 ? "" : ", ";
      cast.append(sep).append("u.").append(names[i]).append("::").append(types[i]);
      arrays.append(sep).append("?::text[]");
    }
    return "INSERT INTO " + table + " (" + String.join(", ", names) + ") SELECT " + cast + " FROM unnest(" + arrays
        + ") AS u(" + String.join(", ", names) + ") " + tail;
  }

  /** Binds one text array per column, in column order, from parameter 1. */
  void bind(Connection c, PreparedStatement ps) throws SQLException {
    for (int col = 0; col < names.length; col++) {
      String[] column = new String[rows.size()];
      for (int r = 0; r < column.length; r++) {
        column[r] = rows.get(r)[col];
      }
      ps.setArray(col + 1, c.createArrayOf("text", column));
    }
  }

  /** Runs {@link #insert} with the rows bound; returns the rows it changed (none when there are none). */
  int execute(Connection c, String table, String tail) throws SQLException {
    if (rows.isEmpty()) {
      return 0;
    }
    try (PreparedStatement ps = c.prepareStatement(insert(table, tail))) {
      bind(c, ps);
      return ps.executeUpdate();
    }
  }
}

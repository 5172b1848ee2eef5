package org.crisisline.records;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * One real PostgreSQL per test JVM (zonky's embedded PostgreSQL: the real server binaries, from
 * Maven), started on first use on a free port and stopped when the JVM exits. Each caller gets a
 * database of its own ({@link #newDatabase()}), so test classes stay independent.
 */
public final class RealPostgres {
  private static EmbeddedPostgres server;

  private RealPostgres() {}

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new IllegalStateException("embedded PostgreSQL did not start", e);
      }
      EmbeddedPostgres s = server;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          s.close();
        } catch (IOException ignored) {
          // the JVM is going away; the data directory is temporary
        }
      }, "real-postgres-stop"));
    }
    return server;
  }

  /** A fresh, empty database on the shared server. */
  public static RecordsConfig newDatabase() {
    String name = "records_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database", e);
    }
    return new RecordsConfig(server().getJdbcUrl("postgres", name), "postgres", null, null);
  }
}

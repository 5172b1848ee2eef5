package org.crisisline.records.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.crisisline.records.RecordsConfig;
import org.postgresql.ds.PGSimpleDataSource;

/** The read model's database: a connection source and the schema (created if missing, idempotent). */
public final class RecordsDb {
  private final DataSource dataSource;

  public RecordsDb(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public static RecordsDb connect(RecordsConfig config) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(config.jdbcUrl());
    if (config.user() != null) {
      ds.setUser(config.user());
    }
    if (config.password() != null) {
      ds.setPassword(config.password());
    }
    ds.setConnectTimeout(5);
    return new RecordsDb(ds);
  }

  public Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  /** Creates the tables and indexes that are missing. */
  public RecordsDb migrate() {
    String sql;
    try (InputStream in = RecordsDb.class.getResourceAsStream("/org/crisisline/records/schema.sql")) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("schema.sql missing from the records jar", e);
    }
    try (Connection c = connection(); Statement s = c.createStatement()) {
      // Concurrent starters (several intake instances) serialise on one advisory lock.
      s.execute("SELECT pg_advisory_lock(72716)");
      try {
        s.execute(sql);
      } finally {
        s.execute("SELECT pg_advisory_unlock(72716)");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the records schema: " + e.getSQLState(), e);
    }
    return this;
  }
}

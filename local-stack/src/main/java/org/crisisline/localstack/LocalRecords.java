package org.crisisline.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.crisisline.events.CallerKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contact-record database of the local run: a real PostgreSQL from Maven (zonky's embedded
 * binaries) with its data in {@code $CRISISLINE_DATA_DIR/postgres}, so records survive a restart,
 * on {@code CRISISLINE_RECORDS_DB_PORT} (default: any free port). Not started when
 * {@code CRISISLINE_RECORDS_JDBC_URL} names a database already. Also the caller key
 * ({@code CRISISLINE_CALLER_KEY}): generated once and kept owner-only in
 * {@code $CRISISLINE_DATA_DIR/caller.key} unless set.
 */
final class LocalRecords implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRecords.class);
  private final EmbeddedPostgres postgres;

  private LocalRecords(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Adds the read model's variables to {@code env}; returns the database it started, or null. */
  static LocalRecords configure(Path dataDir, Map<String, String> env) {
    if (blank(env.get("CRISISLINE_CALLER_KEY"))) {
      env.put("CRISISLINE_CALLER_KEY", callerKey(dataDir));
    }
    if (!blank(env.get("CRISISLINE_RECORDS_JDBC_URL"))) {
      return null;
    }
    long began = System.currentTimeMillis();
    try {
      Path dir = dataDir.resolve("postgres");
      Files.createDirectories(dir);
      EmbeddedPostgres.Builder b = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false);
      String port = env.get("CRISISLINE_RECORDS_DB_PORT");
      if (!blank(port) && !port.trim().equals("0")) {
        b.setPort(Integer.parseInt(port.trim()));
      }
      EmbeddedPostgres pg = b.start();
      env.put("CRISISLINE_RECORDS_JDBC_URL", pg.getJdbcUrl("postgres", "postgres"));
      env.put("CRISISLINE_RECORDS_DB_USER", "postgres");
      LOG.info("contact records: embedded PostgreSQL on port {} in {} ms", pg.getPort(),
          System.currentTimeMillis() - began);
      return new LocalRecords(pg);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start (data in " + dataDir.resolve("postgres") + ")", e);
    }
  }

  int port() {
    return postgres.getPort();
  }

  private static String callerKey(Path dataDir) {
    Path file = dataDir.resolve("caller.key");
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
      }
      Files.createDirectories(dataDir);
      String key = CallerKeys.generate();
      Files.writeString(file, key, StandardCharsets.US_ASCII);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system: the data directory's own protection applies
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the caller key in " + file, e);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}

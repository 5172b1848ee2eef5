package org.crisisline.records;

import java.time.Clock;
import org.crisisline.events.KafkaClientSecurity;
import org.crisisline.records.db.ContactProjector;
import org.crisisline.records.db.RecordsDb;
import org.crisisline.records.db.RecordsQueries;

/**
 * The contact-record read model running: the schema ensured, the projector feeding it from the
 * topics, the queries over it. Start one per process that serves reports (intake does).
 */
public final class Records implements AutoCloseable {
  private final RecordsDb db;
  private final ContactProjector projector;
  private final RecordsQueries queries;

  private Records(RecordsDb db, ContactProjector projector) {
    this.db = db;
    this.projector = projector;
    this.queries = new RecordsQueries(db);
  }

  public static Records start(RecordsConfig config, String bootstrapServers, String clientId,
      KafkaClientSecurity security, Clock clock) {
    // Tables are made by the projector's thread, retried while the database is down: intake starts regardless.
    RecordsDb db = RecordsDb.connect(config);
    ContactProjector projector =
        new ContactProjector(db, bootstrapServers, clientId, security, config.retention(), clock).start();
    return new Records(db, projector);
  }

  public RecordsQueries queries() {
    return queries;
  }

  public ContactProjector projector() {
    return projector;
  }

  public RecordsDb db() {
    return db;
  }

  @Override
  public void close() {
    projector.close();
  }
}

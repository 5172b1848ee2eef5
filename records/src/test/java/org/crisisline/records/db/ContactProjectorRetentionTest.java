package org.crisisline.records.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.crisisline.events.KafkaClientSecurity;
import org.crisisline.kafkalocal.RealKafka;
import org.crisisline.records.RealPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Retention is a dated delete: contacts logged before now minus the retention go, younger ones stay. */
@ExtendWith(RealKafka.class)
class ContactProjectorRetentionTest {

  @Test
  void contactsOlderThanTheRetentionAreDeletedAndYoungerOnesKept() throws Exception {
    RealKafka.createTopics();
    RecordsDb db = RecordsDb.connect(RealPostgres.newDatabase()).migrate();
    Instant now = Instant.now();
    try (Connection c = db.connection()) {
      ContactWriter.exec(c, "INSERT INTO contacts (request_id, logged_at) VALUES (?, ?)", "old", now.minus(Duration.ofDays(31)));
      ContactWriter.exec(c, "INSERT INTO contacts (request_id, logged_at) VALUES (?, ?)", "young", now.minus(Duration.ofDays(29)));
    }
    try (ContactProjector projector = new ContactProjector(db, RealKafka.bootstrapServers(),
        "retention-" + UUID.randomUUID(), KafkaClientSecurity.NONE, Duration.ofDays(30), Clock.systemUTC()).start()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> ids(db).equals(List.of("young")));
    }
  }

  private static List<String> ids(RecordsDb db) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = db.connection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT request_id FROM contacts WHERE request_id IN ('old', 'young')")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}

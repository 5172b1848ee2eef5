package org.crisisline.kafkalocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.crisisline.events.DataKeyTable;
import org.crisisline.events.DataKeyWrapped;
import org.crisisline.events.KafkaClientSecurity;
import org.crisisline.events.PiiCipher;
import org.crisisline.events.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-key table kept across restarts reads only what is new, still applies a tombstone written
 * while it was away, and is rebuilt from the whole topic once it was away too long to be trusted.
 */
@ExtendWith(RealKafka.class)
class DataKeyTableRestartTest {
  private static final int KEYS = 400;
  private static final PiiCipher KEYRING = PiiCipher.fromKeyring(PiiCipher.generateKeyring("k1"));

  @BeforeAll
  static void topics() {
    RealKafka.createTopics();
  }

  @Test
  void aKeptTableReadsOnlyWhatIsNewAndForgetsAnErasedKey(@TempDir Path dir) throws Exception {
    // Given a topic of data keys and a table kept in its own directory, started once
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      ids.add("dkt-" + UUID.randomUUID());
    }
    write(ids, false);
    String erased = ids.get(0);
    String later = "dkt-" + UUID.randomUUID();
    Path kept = dir.resolve("data-keys");
    long firstRead;
    try (DataKeyTable table = started(kept)) {
      firstRead = table.restoredAtStart();
      assertThat(table.get(erased)).isPresent();
    }
    assertThat(firstRead).isGreaterThanOrEqualTo(KEYS);

    // When, while it is stopped, one request is erased and another logged
    write(List.of(erased), true);
    write(List.of(later), false);

    // Then the next start reads those two, not the topic again, and the erased key is gone
    try (DataKeyTable table = started(kept)) {
      assertThat(table.restoredAtStart()).isBetween(2L, 10L);
      assertThat(table.get(erased)).isEmpty();
      assertThat(table.get(later)).isPresent();
      assertThat(table.get(ids.get(KEYS - 1))).isPresent();
    }

    // And a table last followed longer ago than it may be trusted is rebuilt from the whole topic
    Files.writeString(kept.resolve("followed-at"), Instant.now().minus(DataKeyTable.KEPT_FOR).minusSeconds(60).toString());
    try (DataKeyTable table = started(kept)) {
      assertThat(table.restoredAtStart()).isGreaterThanOrEqualTo(firstRead + 2);
      assertThat(table.get(erased)).isEmpty();
      assertThat(table.get(later)).isPresent();
    }
  }

  @Test
  void aTemporaryTableIsRebuiltFromTheWholeTopicAtEveryStart() throws Exception {
    List<String> ids = List.of("dkt-" + UUID.randomUUID(), "dkt-" + UUID.randomUUID());
    write(ids, false);
    long first;
    try (DataKeyTable table = DataKeyTable.started(RealKafka.bootstrapServers(), "dkt-temp", KafkaClientSecurity.NONE,
        Duration.ofSeconds(60))) {
      first = table.restoredAtStart();
      assertThat(table.get(ids.get(1))).isPresent();
    }
    try (DataKeyTable table = DataKeyTable.started(RealKafka.bootstrapServers(), "dkt-temp", KafkaClientSecurity.NONE,
        Duration.ofSeconds(60))) {
      assertThat(table.restoredAtStart()).isGreaterThanOrEqualTo(first);
    }
  }

  private static DataKeyTable started(Path kept) throws InterruptedException {
    DataKeyTable table = DataKeyTable.started(RealKafka.bootstrapServers(), "dkt-kept", KafkaClientSecurity.NONE, kept,
        Duration.ofSeconds(60));
    // Started means caught up with the end the table saw at start; the records just written are in it.
    await().atMost(Duration.ofSeconds(10)).until(table::running);
    return table;
  }

  /** Wrapped keys for {@code ids}, or their tombstones, acknowledged by the broker. */
  private static void write(List<String> ids, boolean tombstones) throws Exception {
    try (KafkaProducer<String, DataKeyWrapped> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealKafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        Topics.DATA_KEYS.keySerde().serializer(), Topics.DATA_KEYS.valueSerde().serializer())) {
      for (String id : ids) {
        DataKeyWrapped value = tombstones ? null
            : new DataKeyWrapped(UUID.randomUUID().toString(), Instant.now(), id, KEYRING.wrapDataKey(id, new byte[32]));
        producer.send(new ProducerRecord<>(Topics.DATA_KEYS.name(), id, value)).get();
      }
    }
  }
}

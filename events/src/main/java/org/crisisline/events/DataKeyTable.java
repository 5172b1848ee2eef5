package org.crisisline.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The {@link DataKeys.Store} of a service: a Kafka Streams global table over {@code data-keys}, kept
 * in RocksDB on disk and read by key, so the heap does not grow with the number of requests (a
 * million wrapped keys are about 150 MB on disk, nothing on the heap but RocksDB's fixed off-heap
 * caches). A tombstone removes the key from every instance's table as soon as it is read.
 *
 * <p>The state lives in a fresh temporary directory per process and is rebuilt from the topic at
 * start: a table kept across restarts could miss a tombstone that compaction removed while the
 * process was away ({@code delete.retention.ms}), and would then still hold an erased key. Reads
 * are {@code read_committed}: a key whose request's transaction aborted is never seen.
 */
public final class DataKeyTable implements DataKeys.Store, AutoCloseable {
  private static final String STORE = "data-keys";
  private final KafkaStreams streams;
  private final Path stateDir;
  private volatile ReadOnlyKeyValueStore<String, DataKeyWrapped> table;

  public DataKeyTable(String bootstrapServers, String clientId, KafkaClientSecurity security) {
    try {
      stateDir = Files.createTempDirectory("crisisline-" + clientId + "-data-keys");
    } catch (IOException e) {
      throw new UncheckedIOException("no temporary directory for the data-key table", e);
    }
    Topic<String, DataKeyWrapped> topic = Topics.DATA_KEYS;
    StreamsBuilder builder = new StreamsBuilder();
    builder.globalTable(topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde()),
        Materialized.<String, DataKeyWrapped, KeyValueStore<Bytes, byte[]>>as(STORE)
            .withKeySerde(topic.keySerde()).withValueSerde(topic.valueSerde()));
    Properties p = new Properties();
    security.applyTo(p);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // A global-only topology joins no consumer group; the id only names clients and the state dir.
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, clientId + "-data-keys-" + UUID.randomUUID());
    p.put(StreamsConfig.CLIENT_ID_CONFIG, clientId + "-data-keys");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
    // A record that does not decode is not a key: skipped (and counted by Streams), never fatal.
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    streams = new KafkaStreams(builder.build(), p);
  }

  /** A table started and caught up with the topic; throws (having closed it) when it is not within {@code timeout}. */
  public static DataKeyTable started(String bootstrapServers, String clientId, KafkaClientSecurity security,
      Duration timeout) throws InterruptedException {
    DataKeyTable table = new DataKeyTable(bootstrapServers, clientId, security);
    if (!table.start(timeout)) {
      table.close();
      throw new IllegalStateException("the data-key table did not catch up within " + timeout);
    }
    return table;
  }

  /** Starts and waits until the table has read the topic to its end; false if it did not in time. */
  public boolean start(Duration timeout) throws InterruptedException {
    streams.start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR
          || streams.state() == KafkaStreams.State.NOT_RUNNING) {
        return false;
      }
      Thread.sleep(20);
    }
    table = streams.store(StoreQueryParameters.fromNameAndType(STORE, QueryableStoreTypes.keyValueStore()));
    return true;
  }

  @Override
  public Optional<DataKeyWrapped> get(String requestId) {
    ReadOnlyKeyValueStore<String, DataKeyWrapped> t = table;
    if (t == null) {
      throw new IllegalStateException("the data-key table is not running");
    }
    return Optional.ofNullable(t.get(requestId));
  }

  /** True while the table follows the topic. */
  public boolean running() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(10));
    try (Stream<Path> files = Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary directory: the OS clears it
    }
  }
}

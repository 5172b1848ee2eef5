package org.crisisline.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
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
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The {@link DataKeys.Store} of a service: a Kafka Streams global table over {@code data-keys}, kept
 * in RocksDB on disk and read by key, so the heap does not grow with the number of requests (a
 * million wrapped keys are about 150 MB on disk, nothing on the heap but RocksDB's fixed off-heap
 * caches). A tombstone removes the key from every instance's table as soon as it is read.
 *
 * <p>Where it lives decides what a start costs. In a fresh temporary directory (no directory given)
 * it is rebuilt from the whole topic at every start: a second or so per 200,000 requests. In a
 * directory of the instance's own it is kept across restarts and a start reads only what was
 * written since its checkpoint, but only while that is safe: a table kept while the process was
 * away longer than the topic keeps its tombstones ({@code delete.retention.ms}, a day, see
 * {@link RetentionPolicy#SHREDDING}) could have missed one and would still hold an erased key. So
 * the table notes, every minute it follows the topic, that it did ({@value #FOLLOWED_AT}); a table
 * last followed more than {@link #KEPT_FOR} ago is deleted and rebuilt. Reads are
 * {@code read_committed}: a key whose request's transaction aborted is never seen.
 */
public final class DataKeyTable implements DataKeys.Store, AutoCloseable {
  /** Half the tombstones' day on the topic: a table older than this is rebuilt, never trusted. */
  public static final Duration KEPT_FOR = Duration.ofHours(12);
  static final String FOLLOWED_AT = "followed-at";
  private static final String STORE = "data-keys";
  private final KafkaStreams streams;
  private final Path stateDir;
  private final boolean kept;
  private final LongAdder restored = new LongAdder();
  private final ScheduledExecutorService marker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "data-keys-followed");
    t.setDaemon(true);
    return t;
  });
  private volatile ReadOnlyKeyValueStore<String, DataKeyWrapped> table;

  /** A table rebuilt from the whole topic at every start, in a temporary directory. */
  public DataKeyTable(String bootstrapServers, String clientId, KafkaClientSecurity security) {
    this(bootstrapServers, clientId, security, null);
  }

  /**
   * @param keptIn this instance's own directory, where the table is kept across restarts (no other
   *               process may use it at the same time); null: a temporary one, rebuilt at every start
   */
  public DataKeyTable(String bootstrapServers, String clientId, KafkaClientSecurity security, Path keptIn) {
    kept = keptIn != null;
    try {
      stateDir = kept ? Files.createDirectories(keptIn) : Files.createTempDirectory("crisisline-" + clientId + "-data-keys");
      if (kept && !followedWithin(stateDir, KEPT_FOR)) {
        deleteContents(stateDir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("no directory for the data-key table", e);
    }
    Topic<String, DataKeyWrapped> topic = Topics.DATA_KEYS;
    StreamsBuilder builder = new StreamsBuilder();
    builder.globalTable(topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde()),
        Materialized.<String, DataKeyWrapped, KeyValueStore<Bytes, byte[]>>as(STORE)
            .withKeySerde(topic.keySerde()).withValueSerde(topic.valueSerde()));
    Properties p = new Properties();
    security.applyTo(p);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // A global-only topology joins no consumer group; the id only names clients and the state dir,
    // which a kept table must find again at the next start.
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, clientId + "-data-keys" + (kept ? "" : "-" + UUID.randomUUID()));
    p.put(StreamsConfig.CLIENT_ID_CONFIG, clientId + "-data-keys");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
    // A record that does not decode is not a key: skipped (and counted by Streams), never fatal.
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    streams = new KafkaStreams(builder.build(), p);
    streams.setGlobalStateRestoreListener(new StateRestoreListener() {
      @Override
      public void onRestoreStart(TopicPartition partition, String store, long start, long end) {}

      @Override
      public void onBatchRestored(TopicPartition partition, String store, long batchEnd, long records) {
        restored.add(records);
      }

      @Override
      public void onRestoreEnd(TopicPartition partition, String store, long total) {}
    });
  }

  /** A table started and caught up with the topic; throws (having closed it) when it is not within {@code timeout}. */
  public static DataKeyTable started(String bootstrapServers, String clientId, KafkaClientSecurity security,
      Duration timeout) throws InterruptedException {
    return started(bootstrapServers, clientId, security, null, timeout);
  }

  /** The same, kept in {@code keptIn} across restarts (null: a temporary directory). */
  public static DataKeyTable started(String bootstrapServers, String clientId, KafkaClientSecurity security,
      Path keptIn, Duration timeout) throws InterruptedException {
    DataKeyTable table = new DataKeyTable(bootstrapServers, clientId, security, keptIn);
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
    if (kept) {
      markFollowed();
      marker.scheduleAtFixedRate(() -> {
        if (running()) {
          markFollowed();
        }
      }, 1, 1, TimeUnit.MINUTES);
    }
    return true;
  }

  /** Records read from the topic to bring the table up to date at start: all of it, or what is newer than a kept table. */
  public long restoredAtStart() {
    return restored.sum();
  }

  private void markFollowed() {
    try {
      Files.writeString(stateDir.resolve(FOLLOWED_AT), Instant.now().toString());
    } catch (IOException e) {
      // Not noted: the next start finds an older note and, past KEPT_FOR, rebuilds. Never less safe.
    }
  }

  private static boolean followedWithin(Path dir, Duration within) {
    try {
      Instant at = Instant.parse(Files.readString(dir.resolve(FOLLOWED_AT)).trim());
      return at.isAfter(Instant.now().minus(within)) && !at.isAfter(Instant.now().plus(Duration.ofMinutes(5)));
    } catch (IOException | java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  private static void deleteContents(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).filter(f -> !f.equals(dir)).forEach(f -> f.toFile().delete());
    }
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
    marker.shutdownNow();
    streams.close(Duration.ofSeconds(10));
    if (kept) {
      return; // a clean stop wrote its checkpoint: the next start reads only what comes after it
    }
    try (Stream<Path> files = Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary directory: the OS clears it
    }
  }
}

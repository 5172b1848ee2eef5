package org.crisisline.intake.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.crisisline.events.KafkaClientSecurity;
import org.crisisline.events.DeadLetters;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds intake's in-memory views from their topics on every start (no consumer group, no
 * committed offsets: the topics are the state), then follows them. Each topic is read from the
 * beginning unless {@link #startingAt} says otherwise (from a time, or its last records: see
 * {@link ReplayWindow}); the records read while rebuilding are counted per topic
 * ({@code crisisline_views_replayed_records_total}). read_committed,
 * so routing's transactional writes are seen only once committed. {@link #awaitCaughtUp}
 * returns once every partition reached the end offset it had when loading began, which is what
 * makes reads correct right after a restart. Undecodable records met live go to
 * {@code dead-letters} (once: those met again while rebuilding are only logged).
 */
public final class ViewLoader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ViewLoader.class);

  private final Map<String, List<BiConsumer<String, byte[]>>> handlers = new LinkedHashMap<>();
  private final Map<String, Topic<String, ?>> topics = new LinkedHashMap<>();
  private final String bootstrapServers;
  private final String clientId;
  private final KafkaClientSecurity security;
  private final EventPublisher deadLetters;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final LongAdder deadLettered = new LongAdder();
  // Where the rebuild stopped: poison records before it were forwarded when first met live.
  private final Map<TopicPartition, Long> rebuildEnds = new HashMap<>();
  private final Map<String, ReplayWindow.Start> starts = new HashMap<>();
  private final Map<String, LongAdder> replayed = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.time.Clock clock;
  private volatile boolean running = true;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private volatile Throwable failure;
  private Thread thread;

  public ViewLoader(String bootstrapServers, String clientId, EventPublisher deadLetters,
      KafkaClientSecurity security) {
    this(bootstrapServers, clientId, deadLetters, security, java.time.Clock.systemUTC());
  }

  public ViewLoader(String bootstrapServers, String clientId, EventPublisher deadLetters,
      KafkaClientSecurity security, java.time.Clock clock) {
    this.clock = clock;
    this.bootstrapServers = bootstrapServers;
    this.security = security;
    this.clientId = clientId;
    this.deadLetters = deadLetters;
  }

  /** Poison records sent to dead-letters since start ({@code crisisline_dead_letters_total}). */
  public long deadLettered() {
    return deadLettered.sum();
  }

  /** Where each topic starts (topic name → start); topics not named start at the beginning. Before {@link #start}. */
  public ViewLoader startingAt(Map<String, ReplayWindow.Start> byTopic) {
    starts.putAll(byTopic);
    return this;
  }

  /** Records of {@code topic} dispatched while rebuilding (before each partition's end at start). */
  public long replayed(String topic) {
    LongAdder n = replayed.get(topic);
    return n == null ? 0 : n.sum();
  }

  /** {@code crisisline_dead_letters_total} and {@code crisisline_views_replayed_records_total{topic}}. */
  public void bindTo(io.micrometer.core.instrument.MeterRegistry metrics) {
    io.micrometer.core.instrument.FunctionCounter.builder("crisisline.dead.letters", this, ViewLoader::deadLettered)
        .description("Records intake's views could not decode, sent to dead-letters").register(metrics);
    for (String topic : topics.keySet()) {
      io.micrometer.core.instrument.FunctionCounter.builder("crisisline.views.replayed.records", this, l -> l.replayed(topic))
          .tag("topic", topic).description("Records intake's views read while rebuilding at start").register(metrics);
    }
  }

  /** Registers a typed handler; a null value is a tombstone. Call before {@link #start}. */
  public <V> ViewLoader on(Topic<String, V> topic, BiConsumer<String, V> handler) {
    topics.put(topic.name(), topic);
    replayed.computeIfAbsent(topic.name(), t -> new LongAdder());
    handlers.computeIfAbsent(topic.name(), t -> new ArrayList<>()).add((key, bytes) -> {
      V value = bytes == null ? null : topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
      handler.accept(key, value);
    });
    return this;
  }

  /** Micrometer binder of the views consumer (records-lag-max: how far the views trail the topics); after start. */
  public io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics kafkaMetrics() {
    return new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(consumer);
  }

  /** Waits for the topics to exist, then starts following them on a dedicated thread. */
  public void start(Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    security.applyTo(p);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-views");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = partitions(timeout);
    consumer.assign(partitions);
    Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
    seekToStarts(partitions, ends);
    rebuildEnds.putAll(ends);
    thread = new Thread(() -> run(ends), clientId + "-views");
    thread.setDaemon(true);
    thread.start();
  }

  private void seekToStarts(List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
    Map<TopicPartition, Long> byTime = new HashMap<>();
    List<TopicPartition> fromBeginning = new ArrayList<>();
    Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
    for (TopicPartition tp : partitions) {
      ReplayWindow.Start start = starts.getOrDefault(tp.topic(), ReplayWindow.Start.BEGINNING);
      if (start.lookback() != null) {
        byTime.put(tp, clock.instant().minus(start.lookback()).toEpochMilli());
      } else if (start.tail() > 0) {
        consumer.seek(tp, Math.max(beginnings.get(tp), ends.get(tp) - start.tail()));
      } else {
        fromBeginning.add(tp);
      }
    }
    consumer.seekToBeginning(fromBeginning);
    if (!byTime.isEmpty()) {
      // The first record at or after the time; none (all older): the end, nothing to rebuild from.
      consumer.offsetsForTimes(byTime).forEach((tp, found) -> consumer.seek(tp, found == null ? ends.get(tp) : found.offset()));
    }
  }

  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    boolean done = caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (failure != null) {
      throw new IllegalStateException("view loading failed", failure);
    }
    return done;
  }

  public boolean isCaughtUp() {
    return caughtUp.getCount() == 0 && running && failure == null;
  }

  private List<TopicPartition> partitions(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<TopicPartition> all = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      for (String topic : topics.keySet()) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        if (infos == null || infos.isEmpty()) {
          missing.add(topic);
        } else {
          infos.forEach(i -> all.add(new TopicPartition(i.topic(), i.partition())));
        }
      }
      if (missing.isEmpty()) {
        return all;
      }
      if (System.nanoTime() > deadline) {
        consumer.close();
        throw new IllegalStateException("topics do not exist: " + missing);
      }
      LOG.info("waiting for topics {}", missing);
      sleepQuietly();
    }
  }

  private void run(Map<TopicPartition, Long> ends) {
    try {
      checkCaughtUp(ends);
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          dispatch(r);
        }
        if (caughtUp.getCount() > 0) {
          checkCaughtUp(ends);
        }
      }
    } catch (WakeupException e) {
      // close() woke us: normal shutdown.
    } catch (RuntimeException e) {
      failure = e;
      LOG.error("view loader stopped: {}", e.getClass().getSimpleName());
      caughtUp.countDown();
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void checkCaughtUp(Map<TopicPartition, Long> ends) {
    ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
    if (ends.isEmpty()) {
      caughtUp.countDown();
    }
  }

  private void dispatch(ConsumerRecord<byte[], byte[]> r) {
    if (caughtUp.getCount() > 0 && r.offset() < rebuildEnds.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L)) {
      replayed.get(r.topic()).increment();
    }
    String key = r.key() == null ? null : Topics.HELP_REQUESTS.keySerde().deserializer().deserialize(r.topic(), r.key());
    for (BiConsumer<String, byte[]> handler : handlers.getOrDefault(r.topic(), List.of())) {
      try {
        handler.accept(key, r.value());
      } catch (SerializationException e) {
        // The message names the field, never the value (JsonSerde); the bytes go as they were.
        LOG.warn("poison record {}-{}@{} skipped: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        if (r.offset() < rebuildEnds.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L)) {
          return;
        }
        RecordHeaders headers = new RecordHeaders(r.headers().toArray());
        DeadLetters.describe(headers, "intake", r.topic(), r.partition(), r.offset(), e);
        deadLetters.sendRaw(Topics.DEAD_LETTERS.name(), r.key(), r.value(), headers);
        deadLettered.increment();
        return;
      } catch (RuntimeException e) {
        LOG.warn("view update failed for {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getClass().getSimpleName());
      }
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for topics", e);
    }
  }

  @Override
  public void close() {
    running = false;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null && thread != null) {
      c.wakeup();
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else if (c != null) {
      c.close();
    }
  }
}

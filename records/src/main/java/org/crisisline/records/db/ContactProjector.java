package org.crisisline.records.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.crisisline.events.Event;
import org.crisisline.events.KafkaClientSecurity;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the read model from {@code help-requests}, {@code request-status}, {@code offer-answers} and
 * {@code alerts}
 * (read_committed, partitions assigned, no consumer group). Exactly once into PostgreSQL: each poll
 * is one database transaction holding the rows it changed and the next offset of every partition it
 * read ({@code topic_offsets}); on start, and after a failed transaction, it seeks to those offsets.
 * Replaying a record anyway (an offset table restored from an older backup, two instances side by
 * side) is a no-op, because each event id is applied once ({@link ContactBatch}). A poll is written
 * in a handful of multi-row statements (one per table and kind of change, whatever the number of
 * records) on a connection kept open between polls, so rebuilding from years of history is bound by
 * the database's work, not by round trips. A record that does not decode (or a contact event that
 * names no request) is skipped and counted, its payload never logged. Retention runs here too:
 * contacts logged longer ago than the retention are deleted, every hour.
 */
public final class ContactProjector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ContactProjector.class);
  static final int MAX_POLL_RECORDS = 10_000;
  static final List<Topic<String, ? extends Event>> SOURCES =
      List.of(Topics.HELP_REQUESTS, Topics.REQUEST_STATUS, Topics.OFFER_ANSWERS, Topics.ALERTS);

  private final RecordsDb db;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Duration retention;
  private final Clock clock;
  private final Thread thread;
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong undecodable = new AtomicLong();
  private volatile boolean running = true;
  private volatile boolean caughtUp;
  private Instant nextRetention = Instant.MIN;
  private Connection connection;

  public ContactProjector(RecordsDb db, String bootstrapServers, String clientId, KafkaClientSecurity security,
      Duration retention, Clock clock) {
    this.db = db;
    this.retention = retention;
    this.clock = clock;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-records");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Large polls when there is a backlog (a rebuild): one transaction each; live polls stay small by themselves.
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    (security == null ? KafkaClientSecurity.NONE : security).applyTo(p);
    this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "records-projector");
    this.thread.setDaemon(true);
  }

  public ContactProjector start() {
    thread.start();
    return this;
  }

  /** Events applied to the read model since start (replays not counted). */
  public long applied() {
    return applied.get();
  }

  public long undecodable() {
    return undecodable.get();
  }

  /** True once a poll found nothing left to read (the read model had every committed event). */
  public boolean caughtUp() {
    return caughtUp;
  }

  private void run() {
    try {
      // The read model never holds intake up: tables are made here, retried until the database answers.
      while (running && !migrated()) {
        sleep(Duration.ofSeconds(5));
      }
      List<TopicPartition> partitions = new ArrayList<>();
      for (Topic<String, ? extends Event> t : SOURCES) {
        consumer.partitionsFor(t.name()).forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
      }
      consumer.assign(partitions);
      seekToStored(partitions);
      while (running) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
        if (records.isEmpty()) {
          if (!caughtUp) {
            caughtUp = consumer.endOffsets(partitions).entrySet().stream()
                .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
          }
          retention();
          continue;
        }
        caughtUp = false;
        try {
          store(records);
        } catch (SQLException e) {
          LOG.warn("records batch not stored ({}), retrying from the stored offsets", e.getSQLState());
          disconnect();
          sleep(Duration.ofSeconds(1));
          seekToStored(partitions);
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (Exception e) {
      LOG.error("records projector stopped: {}", e.getClass().getSimpleName(), e);
    } finally {
      disconnect();
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private boolean migrated() {
    try {
      db.migrate();
      return true;
    } catch (IllegalStateException e) {
      LOG.warn("records database not ready ({}); reports answer 503 until it is", e.getMessage());
      return false;
    }
  }

  /** One poll, one transaction: the rows it changes and the offsets after it, or neither. */
  private void store(ConsumerRecords<byte[], byte[]> records) throws SQLException {
    Map<TopicPartition, Long> next = new HashMap<>();
    ContactBatch batch = new ContactBatch();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
      Event event = decode(r);
      if (event != null) {
        batch.add(r.topic(), event);
      }
    }
    Rows offsets = new Rows("topic text", "partition integer", "next_offset bigint");
    next.forEach((tp, offset) -> offsets.add(tp.topic(), tp.partition(), offset));
    Connection c = connection();
    int changed;
    try {
      changed = batch.write(c);
      offsets.execute(c, "topic_offsets", "ON CONFLICT (topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset");
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    }
    applied.addAndGet(changed);
  }

  /** The projector's own connection, opened on first use and after a failure. */
  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = db.connection();
      connection.setAutoCommit(false);
    }
    return connection;
  }

  private void disconnect() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("records connection did not close cleanly ({})", e.getSQLState());
      }
      connection = null;
    }
  }

  private Event decode(ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null) {
      return null;
    }
    for (Topic<String, ? extends Event> t : SOURCES) {
      if (t.name().equals(r.topic())) {
        try {
          Event event = t.valueSerde().deserializer().deserialize(r.topic(), r.value());
          if (event != null && ContactWriter.relevant(event) && (event.eventId() == null
              || ContactWriter.requestId(event) == null)) {
            throw new IllegalArgumentException("a contact event without its ids");
          }
          return event;
        } catch (RuntimeException e) {
          undecodable.incrementAndGet();
          LOG.warn("records: skipped an undecodable record at {}-{}@{}", r.topic(), r.partition(), r.offset());
          return null;
        }
      }
    }
    return null;
  }

  private void seekToStored(List<TopicPartition> partitions) throws SQLException {
    Map<TopicPartition, Long> stored = new HashMap<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT topic, partition, next_offset FROM topic_offsets");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        stored.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
      }
    }
    for (TopicPartition tp : partitions) {
      Long offset = stored.get(tp);
      if (offset == null) {
        consumer.seekToBeginning(List.of(tp));
      } else {
        consumer.seek(tp, offset);
      }
    }
  }

  private void retention() {
    Instant now = clock.instant();
    if (now.isBefore(nextRetention)) {
      return;
    }
    nextRetention = now.plus(Duration.ofHours(1));
    Instant cutoff = now.minus(retention);
    try (Connection c = db.connection()) {
      ContactWriter.exec(c, "DELETE FROM contact_timeline t USING contacts k WHERE t.request_id = k.request_id"
          + " AND k.logged_at < ?", cutoff);
      ContactWriter.exec(c, "DELETE FROM contact_timeline WHERE at < ?", cutoff);
      int contacts = ContactWriter.exec(c, "DELETE FROM contacts WHERE logged_at < ?", cutoff);
      ContactWriter.exec(c, "DELETE FROM applied_events WHERE occurred_at < ?", cutoff.minus(Duration.ofDays(1)));
      if (contacts > 0) {
        LOG.info("records retention: {} contacts logged before {} deleted", contacts, cutoff);
      }
    } catch (SQLException e) {
      LOG.warn("records retention failed ({}), next try in an hour", e.getSQLState());
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    if (!thread.isAlive()) {
      consumer.close(Duration.ofSeconds(2));
      return;
    }
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

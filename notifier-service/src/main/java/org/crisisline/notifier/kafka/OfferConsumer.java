package org.crisisline.notifier.kafka;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.crisisline.events.OfferEvent;
import org.crisisline.events.OfferMade;
import org.crisisline.events.Topics;
import org.crisisline.notifier.domain.OfferChecks;
import org.crisisline.notifier.domain.StopRules;
import org.crisisline.notifier.send.Dispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reads {@code offers} (key requestId, OfferMade / OfferRescinded; read_committed) in the
 * notifier's consumer group, so each partition has one sending instance. The ledger, not the
 * committed offset, says what was sent: on every assignment the partition is re-read from
 * {@code lookback} ago, once the ledger has caught up with the previous owner's last writes, and
 * the dispatcher skips whatever the ledger already settled. That is how a crash, a restart or a
 * rebalance neither loses nor repeats a page. Offsets are still committed, for lag monitoring.
 * Undecodable or unusable offers go to {@code dead-letters} with the original bytes.
 */
public final class OfferConsumer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OfferConsumer.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Dispatcher dispatcher;
  private final Supplier<CompletableFuture<Void>> ledgerCaughtUp;
  private final KafkaWriter deadLetters;
  private final Replay replay;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean assigned;
  private volatile boolean stopped;
  private final CountDownLatch firstAssignment = new CountDownLatch(1);

  /** Micrometer binder of this consumer's metrics (fetch rate, records-lag-max = consumer lag on offers). */
  public KafkaClientMetrics kafkaMetrics() {
    return new KafkaClientMetrics(consumer);
  }

  public OfferConsumer(KafkaConnection kafka, String groupId, Replay replay, Dispatcher dispatcher,
      Supplier<CompletableFuture<Void>> ledgerCaughtUp, KafkaWriter deadLetters) {
    Properties p = kafka.properties("notifier-offers-");
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
    this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.dispatcher = dispatcher;
    this.ledgerCaughtUp = ledgerCaughtUp;
    this.deadLetters = deadLetters;
    this.replay = replay;
    this.thread = new Thread(this::run, "notifier-offers-" + kafka.instanceId());
    this.thread.setDaemon(true);
  }

  public void start() {
    consumer.subscribe(List.of(Topics.OFFERS.name()), new Rebalance());
    thread.start();
  }

  /** True once this instance has joined the group and been given its partitions (maybe none). */
  public boolean assigned() {
    return assigned;
  }

  /** Blocks until the first assignment (maybe of no partition) or the timeout. */
  public boolean awaitAssigned(Duration timeout) throws InterruptedException {
    return firstAssignment.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && !stopped;
  }

  /** False once the poll loop has died (it logs why). */
  public boolean alive() {
    return !stopped;
  }

  private void run() {
    try {
      while (running) {
        try {
          var records = consumer.poll(Duration.ofMillis(500));
          for (ConsumerRecord<byte[], byte[]> r : records) {
            // offers are keyed by requestId: logs about this record carry it (not PII) in the MDC.
            MDC.put("requestId", r.key() == null ? "-" : new String(r.key(), StandardCharsets.UTF_8));
            try {
              handle(r);
            } finally {
              MDC.remove("requestId");
            }
          }
          if (!records.isEmpty()) {
            consumer.commitAsync();
          }
        } catch (WakeupException woken) {
          // close() was called
        }
      }
    } catch (RuntimeException e) {
      LOG.error("offers consumer stopped", e);
    } finally {
      stopped = true;
      firstAssignment.countDown();
      try {
        consumer.close(Duration.ofSeconds(30));
      } catch (RuntimeException e) {
        LOG.warn("offers consumer did not close cleanly: {}", e.toString());
      }
    }
  }

  private void handle(ConsumerRecord<byte[], byte[]> r) {
    OfferEvent event;
    try {
      event = Topics.OFFERS.valueSerde().deserializer().deserialize(r.topic(), r.headers(), r.value());
      if (event instanceof OfferMade made) {
        OfferChecks.check(made);
      }
    } catch (SerializationException | IllegalArgumentException poison) {
      deadLetter(r, poison);
      return;
    }
    if (event instanceof OfferMade made) {
      dispatcher.submit(made, r.partition());
    } else {
      StopRules.after(event).ifPresent(dispatcher::stop);
    }
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> r, Exception error) {
    String key = r.key() == null ? "-" : new String(r.key(), StandardCharsets.UTF_8);
    LOG.warn("offer {}-{}@{} (key {}) to dead-letters: {}", r.topic(), r.partition(), r.offset(), key, error.getMessage());
    try {
      deadLetters.deadLetter(r, error);
    } catch (Exception e) {
      // Not moving past a record we could neither use nor park: stop, and let a restart retry it.
      throw new IllegalStateException("cannot write dead letter for " + r.topic() + "-" + r.partition() + "@" + r.offset(), e);
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      Set<Integer> numbers = partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
      try {
        // In-flight provider calls finish and are recorded before another instance may take over.
        dispatcher.release(numbers).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        consumer.commitSync();
      } catch (Exception e) {
        LOG.warn("releasing offers partitions {} took too long or failed: {}", numbers, e.toString());
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      try {
        ledgerCaughtUp.get().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("ledger did not catch up before taking offers partitions", e);
      }
      if (!partitions.isEmpty()) {
        Map<TopicPartition, Long> times = new HashMap<>();
        long since = replay.fromEpochMilli();
        partitions.forEach(tp -> times.put(tp, since));
        var found = consumer.offsetsForTimes(times);
        var end = consumer.endOffsets(partitions);
        partitions.forEach(tp -> consumer.seek(tp, found.get(tp) != null ? found.get(tp).offset() : end.get(tp)));
        LOG.info("notifier took offers partitions {}", partitions);
      }
      assigned = true;
      firstAssignment.countDown();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(60_000);
  }
}

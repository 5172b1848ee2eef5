package org.crisisline.notifier.kafka;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.crisisline.events.AlertEvent;
import org.crisisline.events.AlertPaged;
import org.crisisline.events.AlertResolved;
import org.crisisline.events.FollowUpDue;
import org.crisisline.events.FollowUpEvent;
import org.crisisline.events.GroupMembership;
import org.crisisline.events.OfferEvent;
import org.crisisline.events.OfferMade;
import org.crisisline.events.Topics;
import org.crisisline.notifier.domain.AlertChecks;
import org.crisisline.notifier.domain.AllClearNotice;
import org.crisisline.notifier.domain.CaringNotice;
import org.crisisline.notifier.domain.OfferChecks;
import org.crisisline.notifier.domain.OfferNotice;
import org.crisisline.notifier.domain.PageNotice;
import org.crisisline.notifier.domain.StopRules;
import org.crisisline.notifier.send.Dispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reads {@code offers} (key requestId, OfferMade / OfferRescinded) and {@code alerts} (key
 * requestId: AlertPaged → a page; AlertAcknowledged / AlertResolved → its pages stop, and a
 * resolution sends everyone it lists an all-clear), read_committed, in the notifier's consumer
 * group, so each partition has one sending instance. The ledger, not the committed offset, says
 * what was sent: on every assignment the partition is re-read from {@code lookback} ago, once the
 * ledger has caught up with the previous owner's last writes, and the dispatcher skips whatever the
 * ledger already settled. That is how a crash, a restart or a rebalance neither loses nor repeats
 * an offer or a page. Offsets are still committed, for lag monitoring. Undecodable or unusable
 * offers and alerts go to {@code dead-letters} with the original bytes.
 *
 * <p>Also reads {@code follow-ups} (key requestId of the request followed up) the same way: a
 * FollowUpDue that asks for a caring message is a {@link CaringNotice}, FollowUpCancelled stops it.
 * A follow-ups partition is re-read from its committed offset when that is older than
 * {@code lookback}, so a notifier that was down longer still sends what fell due meanwhile (within
 * {@link CaringNotice#WINDOW}).
 */
public final class OfferAndAlertConsumer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OfferAndAlertConsumer.class);

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

  /** Micrometer binder of this consumer's metrics (fetch rate, records-lag-max = consumer lag on offers and alerts). */
  public KafkaClientMetrics kafkaMetrics() {
    return new KafkaClientMetrics(consumer);
  }

  public OfferAndAlertConsumer(KafkaConnection kafka, String groupId, GroupMembership membership, Replay replay,
      Dispatcher dispatcher, Supplier<CompletableFuture<Void>> ledgerCaughtUp, KafkaWriter deadLetters) {
    this.consumer = new KafkaConsumer<>(properties(kafka, groupId, membership), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
    this.dispatcher = dispatcher;
    this.ledgerCaughtUp = ledgerCaughtUp;
    this.deadLetters = deadLetters;
    this.replay = replay;
    this.thread = new Thread(this::run, "notifier-offers-" + kafka.instanceId());
    this.thread.setDaemon(true);
  }

  /**
   * The group consumer's settings. The membership decides how fast a restarted or surviving
   * notifier takes over the partitions of one that was killed (pages wait for it).
   */
  public static Properties properties(KafkaConnection kafka, String groupId, GroupMembership membership) {
    Properties p = kafka.properties("notifier-offers-");
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
    membership.applyTo(p, "offers");
    return p;
  }

  public void start() {
    consumer.subscribe(List.of(Topics.OFFERS.name(), Topics.ALERTS.name(), Topics.FOLLOW_UPS.name()), new Rebalance());
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
            // offers and alerts are keyed by requestId: logs about this record carry it (not PII) in the MDC.
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
      LOG.error("offers and alerts consumer stopped", e);
    } finally {
      stopped = true;
      firstAssignment.countDown();
      try {
        // A static member (CRISISLINE_KAFKA_INSTANCE_ID) does not leave on a plain close: say so,
        // or another notifier would wait out the session before taking the partitions.
        consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(30)));
      } catch (RuntimeException e) {
        LOG.warn("offers and alerts consumer did not close cleanly: {}", e.toString());
      }
    }
  }

  private void handle(ConsumerRecord<byte[], byte[]> r) {
    if (r.topic().equals(Topics.ALERTS.name())) {
      handleAlert(r);
      return;
    }
    if (r.topic().equals(Topics.FOLLOW_UPS.name())) {
      handleFollowUp(r);
      return;
    }
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
      dispatcher.submit(new OfferNotice(made), source(r));
    } else {
      StopRules.after(event).ifPresent(dispatcher::stop);
    }
  }

  private void handleAlert(ConsumerRecord<byte[], byte[]> r) {
    AlertEvent event;
    try {
      event = Topics.ALERTS.valueSerde().deserializer().deserialize(r.topic(), r.headers(), r.value());
      if (event instanceof AlertPaged page) {
        AlertChecks.check(page);
      } else if (event instanceof AlertResolved resolved) {
        AlertChecks.check(resolved);
      }
    } catch (SerializationException | IllegalArgumentException poison) {
      deadLetter(r, poison);
      return;
    }
    if (event == null) {
      return;
    }
    // Stops first: a resolution ends its pages before its all-clears go out.
    StopRules.after(event).ifPresent(dispatcher::stop);
    if (event instanceof AlertPaged page) {
      dispatcher.submit(new PageNotice(page), source(r));
    } else if (event instanceof AlertResolved resolved) {
      resolved.paged().stream().filter(user -> user != null && !user.isBlank()).distinct()
          .forEach(user -> dispatcher.submit(new AllClearNotice(resolved, user), source(r)));
    }
  }

  private void handleFollowUp(ConsumerRecord<byte[], byte[]> r) {
    FollowUpEvent event;
    try {
      event = Topics.FOLLOW_UPS.valueSerde().deserializer().deserialize(r.topic(), r.headers(), r.value());
      if (event instanceof FollowUpDue due) {
        CaringNotice.check(due);
      }
    } catch (SerializationException | IllegalArgumentException poison) {
      deadLetter(r, poison);
      return;
    }
    if (event instanceof FollowUpDue due && due.caringMessage()) {
      dispatcher.submit(new CaringNotice(due), source(r));
    } else if (event != null) {
      StopRules.after(event).ifPresent(dispatcher::stop);
    }
  }

  /** The dispatcher's name for an input partition, so a rebalance releases exactly its jobs. */
  private static String source(ConsumerRecord<?, ?> r) {
    return source(r.topic(), r.partition());
  }

  private static String source(String topic, int partition) {
    return topic + "-" + partition;
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> r, Exception error) {
    String key = r.key() == null ? "-" : new String(r.key(), StandardCharsets.UTF_8);
    LOG.warn("record {}-{}@{} (key {}) to dead-letters: {}", r.topic(), r.partition(), r.offset(), key, error.getMessage());
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
      Set<String> numbers = partitions.stream().map(tp -> source(tp.topic(), tp.partition())).collect(Collectors.toSet());
      try {
        // In-flight provider calls finish and are recorded before another instance may take over.
        dispatcher.release(numbers).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        consumer.commitSync();
      } catch (Exception e) {
        LOG.warn("releasing partitions {} took too long or failed: {}", numbers, e.toString());
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      LedgerWait.until(ledgerCaughtUp, () -> running);
      if (!partitions.isEmpty()) {
        replay.startsOf(consumer, partitions, Set.of(Topics.FOLLOW_UPS.name())).forEach(consumer::seek);
        LOG.info("notifier took partitions {}", partitions);
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

package org.crisisline.notifier.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.Event;
import org.crisisline.events.OfferMade;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.crisisline.notifier.domain.Contacts;
import org.crisisline.notifier.domain.Ledger;
import org.crisisline.notifier.domain.OfferIndex;
import org.crisisline.notifier.domain.PageIndex;
import org.crisisline.notifier.domain.StopRules;
import org.crisisline.notifier.domain.StopRules.Stop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread, one consumer with manually assigned partitions (no group: every instance reads
 * everything). Reads from the beginning {@code responders} (ResponderProfile), {@code directory}
 * (LocalService), {@code oncall-people} (OnCallPerson) and {@code notifier-sends} (SendRecord, the
 * ledger); reads {@code offers}, {@code offer-answers}, {@code sms-replies}, {@code request-status}
 * and {@code alerts} from {@code lookback} ago, to know recent offer codes, who was paged for which
 * alert code ({@link PageIndex}), and which offers, requests and alerts want nothing more sent
 * ({@link StopRules}). {@link #start} returns once all of it is caught up to the end offsets seen at
 * start; then it keeps tailing.
 */
public final class BackgroundReader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundReader.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Contacts contacts;
  private final Ledger ledger;
  private final OfferIndex offers;
  private final PageIndex pages;
  private final Consumer<Stop> stops;
  private final String instanceId;
  private final Replay replay;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final ConcurrentLinkedQueue<CompletableFuture<Void>> ledgerBarriers = new ConcurrentLinkedQueue<>();
  private final Map<CompletableFuture<Void>, Map<TopicPartition, Long>> pendingBarriers = new HashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Throwable failure;

  public BackgroundReader(KafkaConnection kafka, Replay replay, Contacts contacts, Ledger ledger, OfferIndex offers,
      PageIndex pages, Consumer<Stop> stops) {
    Properties p = kafka.properties("notifier-reader-");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.contacts = contacts;
    this.ledger = ledger;
    this.offers = offers;
    this.pages = pages;
    this.stops = stops;
    this.instanceId = kafka.instanceId();
    this.replay = replay;
    this.thread = new Thread(this::run, "notifier-reader-" + instanceId);
    this.thread.setDaemon(true);
  }

  /** Starts the thread and blocks until the catch-up is done, or throws. */
  public void start(Duration timeout) throws InterruptedException {
    thread.start();
    if (!caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("notifier could not read its topics within " + timeout
          + (failure == null ? "" : ": " + failure.getMessage()));
    }
    if (failure != null) {
      throw new IllegalStateException("notifier reader failed: " + failure.getMessage(), failure);
    }
  }

  /**
   * Completes once every ledger record written before this call (by any instance) has been
   * read: a new owner of an offers partition sees the previous owner's last writes.
   */
  public CompletableFuture<Void> ledgerBarrier() {
    CompletableFuture<Void> barrier = new CompletableFuture<>();
    ledgerBarriers.add(barrier);
    consumer.wakeup();
    return barrier;
  }

  private void run() {
    try {
      Map<TopicPartition, Long> end = assign();
      while (running) {
        try {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
            handle(r);
          }
          if (caughtUp.getCount() > 0 && reached(end)) {
            caughtUp.countDown();
            LOG.info("notifier reader caught up: {} offers in the ledger", ledger.size());
          }
          serveBarriers();
        } catch (WakeupException woken) {
          // a barrier was requested, or close() was called: loop and look
        }
      }
    } catch (RuntimeException e) {
      failure = e;
      LOG.error("notifier reader stopped", e);
      caughtUp.countDown();
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private Map<TopicPartition, Long> assign() {
    List<TopicPartition> fromStart = partitions(List.of(Topics.RESPONDERS, Topics.DIRECTORY, Topics.ONCALL_PEOPLE,
        Topics.NOTIFIER_SENDS));
    List<TopicPartition> recent = partitions(List.of(Topics.OFFERS, Topics.OFFER_ANSWERS, Topics.SMS_REPLIES,
        Topics.REQUEST_STATUS, Topics.ALERTS));
    List<TopicPartition> all = new ArrayList<>(fromStart);
    all.addAll(recent);
    consumer.assign(all);
    consumer.seekToBeginning(fromStart);
    long since = replay.fromEpochMilli();
    Map<TopicPartition, Long> times = new HashMap<>();
    recent.forEach(tp -> times.put(tp, since));
    var found = consumer.offsetsForTimes(times);
    Map<TopicPartition, Long> end = consumer.endOffsets(all);
    recent.forEach(tp -> consumer.seek(tp, found.get(tp) != null ? found.get(tp).offset() : end.get(tp)));
    return end;
  }

  private List<TopicPartition> partitions(List<Topic<?, ?>> topics) {
    List<TopicPartition> out = new ArrayList<>();
    for (Topic<?, ?> topic : topics) {
      var infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic.name() + " does not exist");
      }
      infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
    }
    return out;
  }

  private boolean reached(Map<TopicPartition, Long> targets) {
    return targets.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private void serveBarriers() {
    CompletableFuture<Void> next;
    while ((next = ledgerBarriers.poll()) != null) {
      List<TopicPartition> ledgerParts = consumer.assignment().stream()
          .filter(tp -> tp.topic().equals(Topics.NOTIFIER_SENDS.name())).toList();
      pendingBarriers.put(next, consumer.endOffsets(ledgerParts));
    }
    pendingBarriers.entrySet().removeIf(e -> {
      if (reached(e.getValue())) {
        e.getKey().complete(null);
        return true;
      }
      return false;
    });
  }

  private void handle(ConsumerRecord<byte[], byte[]> r) {
    String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    try {
      String topic = r.topic();
      if (topic.equals(Topics.RESPONDERS.name())) {
        contacts.putResponder(key, decode(Topics.RESPONDERS, r));
      } else if (topic.equals(Topics.DIRECTORY.name())) {
        contacts.putService(key, decode(Topics.DIRECTORY, r));
      } else if (topic.equals(Topics.ONCALL_PEOPLE.name())) {
        contacts.putOnCallPerson(key, decode(Topics.ONCALL_PEOPLE, r));
      } else if (topic.equals(Topics.NOTIFIER_SENDS.name())) {
        ledgerRecord(key, r);
      } else if (topic.equals(Topics.OFFERS.name())) {
        var event = decode(Topics.OFFERS, r);
        if (event instanceof OfferMade made) {
          offers.add(made);
        }
        stop(event);
      } else if (topic.equals(Topics.OFFER_ANSWERS.name())) {
        stop(decode(Topics.OFFER_ANSWERS, r));
      } else if (topic.equals(Topics.SMS_REPLIES.name())) {
        var reply = decode(Topics.SMS_REPLIES, r);
        stop(reply == null ? null : reply.toAnswer());
      } else if (topic.equals(Topics.REQUEST_STATUS.name())) {
        stop(decode(Topics.REQUEST_STATUS, r));
      } else if (topic.equals(Topics.ALERTS.name())) {
        var alert = decode(Topics.ALERTS, r);
        if (alert != null) {
          pages.record(alert);
        }
        stop(alert);
      }
    } catch (SerializationException e) {
      // Another module's topic: the writer owns its dead letters; here the record is only skipped.
      LOG.warn("skipping undecodable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
    }
  }

  private void stop(Event event) {
    if (event == null) {
      return;
    }
    StopRules.after(event).ifPresent(stop -> {
      offers.stop(stop, replay.clock().instant());
      stops.accept(stop);
    });
  }

  private void ledgerRecord(String key, ConsumerRecord<byte[], byte[]> r) {
    var writer = r.headers().lastHeader(KafkaWriter.WRITER_HEADER);
    if (writer != null && instanceId.equals(new String(writer.value(), StandardCharsets.UTF_8))) {
      return; // our own write, already applied when the broker acknowledged it
    }
    var record = decode(Topics.NOTIFIER_SENDS, r);
    if (record != null) {
      ledger.apply(record);
    } else if (key != null && key.contains("/")) {
      int slash = key.lastIndexOf('/');
      try {
        ledger.remove(key.substring(0, slash), DeliveryChannel.valueOf(key.substring(slash + 1)));
      } catch (IllegalArgumentException ignored) {
        LOG.warn("ledger tombstone with an unknown channel at {}-{}@{}", r.topic(), r.partition(), r.offset());
      }
    }
  }

  private static <V> V decode(Topic<String, V> topic, ConsumerRecord<byte[], byte[]> r) {
    return topic.valueSerde().deserializer().deserialize(r.topic(), r.headers(), r.value());
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
  }
}

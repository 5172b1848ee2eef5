package org.crisisline.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.DeliveryDelivered;
import org.crisisline.events.DeliveryEvent;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated responders' eyes. Reads {@code deliveries} (DeliveryDelivered, key offerId) and
 * {@code request-status} (RequestStatusChanged, key requestId) read_committed from their current
 * end, as raw bytes decoded here (a record it cannot decode is skipped, not fatal), and hands the
 * SMS deliveries and ACCEPTED transitions to the {@link Pipeline}. Also reads {@code help-requests}
 * and {@code offers} to time the stages in between: when each request, and its first offer, became
 * visible to a read_committed consumer, i.e. when intake's and routing's transactions committed.
 * Writes nothing.
 */
final class OutcomeWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutcomeWatcher.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Pipeline pipeline;
  private final Thread thread;
  private volatile boolean running = true;

  OutcomeWatcher(String bootstrap, Pipeline pipeline) {
    this.pipeline = pipeline;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "crisisline-bench-" + UUID.randomUUID());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = new ArrayList<>();
    for (String topic : List.of(Topics.HELP_REQUESTS.name(), Topics.OFFERS.name(), Topics.DELIVERIES.name(),
        Topics.REQUEST_STATUS.name())) {
      consumer.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
    }
    consumer.assign(parts);
    consumer.seekToEnd(parts);
    parts.forEach(consumer::position); // resolve the end now, before the first request is sent
    thread = new Thread(this::loop, "bench-outcomes");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    var requests = Topics.HELP_REQUESTS.valueSerde().deserializer();
    var offers = Topics.OFFERS.valueSerde().deserializer();
    var deliveries = Topics.DELIVERIES.valueSerde().deserializer();
    var statuses = Topics.REQUEST_STATUS.valueSerde().deserializer();
    try {
      while (running) {
        var records = consumer.poll(Duration.ofMillis(200));
        long seenAt = pipeline.epochMicrosOf(System.nanoTime()); // one instant for the whole batch
        for (ConsumerRecord<byte[], byte[]> r : records) {
          try {
            if (r.topic().equals(Topics.HELP_REQUESTS.name())) {
              if (requests.deserialize(r.topic(), r.value()) instanceof HelpRequestLogged h) {
                pipeline.onCommitted(Tracked.Stage.REQUEST_COMMITTED, h.requestId(), seenAt);
              }
            } else if (r.topic().equals(Topics.OFFERS.name())) {
              if (offers.deserialize(r.topic(), r.value()) instanceof OfferMade m) {
                pipeline.onCommitted(Tracked.Stage.OFFER_COMMITTED, m.requestId(), seenAt);
              }
            } else if (r.topic().equals(Topics.DELIVERIES.name())) {
              DeliveryEvent e = deliveries.deserialize(r.topic(), r.value());
              if (e instanceof DeliveryDelivered d && d.channel() == DeliveryChannel.SMS) {
                pipeline.onDelivered(d.requestId(), d.offerId(), d.recipientId(), Clocks.micros(d.occurredAt()));
              }
            } else {
              RequestStatusChanged s = statuses.deserialize(r.topic(), r.value());
              if (s != null && s.status() == RequestStatus.ACCEPTED) {
                pipeline.onAcceptedInStream(s.requestId());
              }
            }
          } catch (RuntimeException e) {
            LOG.debug("skipping a record of {} the bench cannot read: {}", r.topic(), e.toString());
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package org.crisisline.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.crisisline.events.AlertEvent;
import org.crisisline.events.AlertPaged;
import org.crisisline.events.Topics;

/**
 * Reads {@code alerts} read_committed on its own thread and keeps, per request, the first
 * {@link AlertPaged} and when this process saw it committed.
 */
final class AlertTap implements AutoCloseable {
  private final KafkaConsumer<String, AlertEvent> consumer;
  private final Map<String, AlertPaged> firstPage = new ConcurrentHashMap<>();
  private final Map<String, Long> seenAt = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  AlertTap(String bootstrap) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-alerts-" + UUID.randomUUID());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = new KafkaConsumer<>(p, Topics.ALERTS.keySerde().deserializer(), Topics.ALERTS.valueSerde().deserializer());
    consumer.subscribe(List.of(Topics.ALERTS.name()));
    thread = new Thread(this::run, "bench-alert-tap");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        consumer.poll(Duration.ofMillis(50)).forEach(r -> {
          long now = System.currentTimeMillis();
          if (r.value() instanceof AlertPaged page && firstPage.putIfAbsent(page.requestId(), page) == null) {
            seenAt.put(page.pageId(), now);
          }
        });
      }
    } catch (WakeupException closing) {
      // close() was called
    } finally {
      consumer.close();
    }
  }

  /** The first page of each of these requests that has one so far. */
  Map<String, AlertPaged> firstPages(Collection<String> requestIds) {
    Map<String, AlertPaged> out = new HashMap<>();
    requestIds.forEach(id -> {
      AlertPaged p = firstPage.get(id);
      if (p != null) {
        out.put(id, p);
      }
    });
    return out;
  }

  /** When this process read the page committed (epoch millis), or null. */
  Long seenAt(String pageId) {
    return seenAt.get(pageId);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5_000);
  }
}

package org.crisisline.system.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.crisisline.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults of a run, on a timeline relative to the start of each cycle of {@code cycle} length:
 * poison records on every input topic (5%), SIGKILL of routing instance 1 and restart 5 s later
 * (15%), the leader of help-requests partition 0 stopped and restarted 20 s later (30%), SIGKILL of
 * the notifier and restart 5 s later (45%), the SMTP server down for 30 s (60%). The SMS provider's
 * own faults run all the time. Writes the poison records (raw bytes) and nothing else.
 */
final class FaultPlan implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FaultPlan.class);
  static final List<String> POISONED_TOPICS = List.of(Topics.HELP_REQUESTS.name(), Topics.RESPONDERS.name(),
      Topics.RESPONDER_STATUS.name(), Topics.DIRECTORY.name(), Topics.OFFER_ANSWERS.name(), Topics.OFFERS.name(),
      Topics.DELIVERIES.name());

  final Set<String> poisonKeys = ConcurrentHashMap.newKeySet();
  final AtomicInteger routingKills = new AtomicInteger();
  final AtomicInteger brokerStops = new AtomicInteger();
  final AtomicInteger notifierKills = new AtomicInteger();
  final AtomicInteger smtpOutages = new AtomicInteger();
  final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger pending = new AtomicInteger();
  private final ReliabilityStack stack;
  private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "faults");
    t.setDaemon(true);
    return t;
  });
  private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();

  FaultPlan(ReliabilityStack stack) {
    this.stack = stack;
  }

  /** Schedules one cycle of every fault per {@code cycle}, as many cycles as fit in {@code run}. */
  void schedule(Duration run, Duration cycle) {
    long c = cycle.toMillis();
    for (long start = 0; start + c <= run.toMillis() || start == 0; start += c) {
      final long s = start;
      at(s + c * 5 / 100, "poison records", this::poison);
      at(s + c * 15 / 100, "SIGKILL routing-1", () -> {
        stack.routing.get(0).kill();
        routingKills.incrementAndGet();
        later(5, "restart routing-1", () -> stack.routing.get(0).start());
      });
      at(s + c * 30 / 100, "stop help-requests leader", () -> {
        int leader = leaderOf(Topics.HELP_REQUESTS.name(), 0);
        stack.kafka.stopBroker(leader);
        brokerStops.incrementAndGet();
        log.add("broker " + leader + " stopped");
        later(20, "restart broker " + leader, () -> stack.kafka.startBroker(leader));
      });
      if (stack.notifier != null) {
        at(s + c * 45 / 100, "SIGKILL notifier", () -> {
          stack.notifier.kill();
          notifierKills.incrementAndGet();
          later(5, "restart notifier", () -> stack.notifier.start());
        });
      }
      at(s + c * 60 / 100, "SMTP down", () -> {
        stack.mail.stop();
        smtpOutages.incrementAndGet();
        later(30, "SMTP up", () -> stack.mail.start());
      });
    }
  }

  /** True once every scheduled fault and every recovery has run. */
  boolean allDone() {
    return pending.get() == 0;
  }

  int count() {
    return poisonKeys.size() + routingKills.get() + brokerStops.get() + notifierKills.get() + smtpOutages.get();
  }

  private void at(long millis, String what, Runnable fault) {
    pending.incrementAndGet();
    scheduled.add(timer.schedule(() -> run(what, fault), millis, TimeUnit.MILLISECONDS));
  }

  private void later(long seconds, String what, Runnable recovery) {
    pending.incrementAndGet();
    timer.schedule(() -> run(what, recovery), seconds, TimeUnit.SECONDS);
  }

  private void run(String what, Runnable r) {
    try {
      log.add(java.time.Instant.now() + " " + what);
      LOG.warn("FAULT: {}", what);
      r.run();
    } catch (RuntimeException e) {
      log.add(java.time.Instant.now() + " " + what + " FAILED: " + e);
      LOG.error("fault step '{}' failed", what, e);
    } finally {
      pending.decrementAndGet();
    }
  }

  /** One undecodable record per input topic, under a key that says what it is. */
  void poison() {
    Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap(),
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      for (String topic : POISONED_TOPICS) {
        String key = "poison-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "-"
            + topic.substring(Topics.PREFIX.length());
        p.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
            "{\"type\":\"NoSuchEvent\",\"oops\":".getBytes(StandardCharsets.UTF_8))).get(60, TimeUnit.SECONDS);
        poisonKeys.add(key);
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not write poison records", e);
    }
  }

  int leaderOf(String topic, int partition) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap()))) {
      return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
          .partitions().get(partition).leader().id();
    } catch (Exception e) {
      throw new IllegalStateException("cannot find the leader of " + topic + "-" + partition, e);
    }
  }

  @Override
  public void close() {
    scheduled.forEach(f -> f.cancel(false));
    timer.shutdownNow();
  }
}

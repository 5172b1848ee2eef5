package org.crisisline.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The physical floor: one hop through the same broker, with the clients' settings our services
 * use for correctness (producer acks=all + idempotent, consumer read_committed) and nothing else:
 * no serde, no state, no transaction. Topic {@code crisisline.bench-floor} (3 partitions, the
 * contract topics' count), records of 512 bytes (about one of our JSON events). Latency is
 * consume time minus the due time of the send, open loop like the pipeline.
 */
final class KafkaFloor implements AutoCloseable {
  static final String TOPIC = "crisisline.bench-floor";
  private static final int SIZE = 512;

  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private final long lingerMs;
  private volatile Recorder target;
  private final AtomicLong received = new AtomicLong();
  private volatile boolean running = true;

  KafkaFloor(String bootstrap, long lingerMs) {
    this.lingerMs = lingerMs;
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
    } catch (Exception e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create " + TOPIC, e);
      }
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
    producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "crisisline-bench-floor-" + UUID.randomUUID());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = consumer.partitionsFor(TOPIC).stream()
        .map(i -> new TopicPartition(TOPIC, i.partition())).toList();
    consumer.assign(parts);
    consumer.seekToEnd(parts);
    parts.forEach(consumer::position);
    thread = new Thread(this::loop, "bench-floor-consumer");
    thread.setDaemon(true);
    thread.start();
  }

  long lingerMs() {
    return lingerMs;
  }

  private void loop() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          long now = System.nanoTime();
          received.incrementAndGet();
          Recorder t = target;
          if (t != null) {
            t.recordValue(Pipeline.clamp((now - ByteBuffer.wrap(r.value()).getLong()) / 1000));
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  /** Open-loop single-hop latency at {@code rate} msg/s for {@code duration}, into {@code into}. */
  void latency(Recorder into, int rate, Duration duration) {
    target = into;
    long before = received.get();
    long period = 1_000_000_000L / rate;
    long start = System.nanoTime() + 1_000_000;
    long count = duration.toNanos() / period;
    for (long i = 0; i < count && running; i++) {
      long due = start + i * period;
      long now;
      while ((now = System.nanoTime()) < due) {
        LockSupport.parkNanos(due - now);
      }
      producer.send(new ProducerRecord<>(TOPIC, key(i), payload(due)));
    }
    producer.flush();
    long until = System.nanoTime() + 2_000_000_000L;
    while (System.nanoTime() < until && received.get() - before < count) {
      LockSupport.parkNanos(5_000_000L);
    }
  }

  /** Closed-loop throughput: as many records as the producer takes for {@code duration}; records/s consumed. */
  double throughput(Duration duration) {
    target = null;
    long before = received.get();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long i = 0;
    while (System.nanoTime() < end) {
      producer.send(new ProducerRecord<>(TOPIC, key(i++), payload(System.nanoTime())));
    }
    producer.flush();
    long sent = i;
    long until = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < until && received.get() - before < sent) {
      LockSupport.parkNanos(5_000_000L);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return (received.get() - before) / seconds;
  }

  private static byte[] key(long i) {
    return Long.toString(i).getBytes();
  }

  private static byte[] payload(long nanos) {
    return ByteBuffer.allocate(SIZE).putLong(nanos).array();
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
    producer.close(Duration.ofSeconds(5));
  }
}

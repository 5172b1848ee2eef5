package org.crisisline.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
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
 * The parts of the exactly-once floor, measured during each step at the step's offered rate on the
 * same broker, open loop from each record's due time like the pipeline:
 * <ul>
 *   <li>{@code txn}: a one-record transaction (begin, send, commit) → a read_committed consumer
 *       (intake's write of a request or an answer), {@value #TRANSACTIONAL_WRITERS} writers side by side;</li>
 *   <li>{@code eos1}, {@code eos2}: an idempotent write → one or two hops of {@link EosFloor} →
 *       read_committed consumer (a transactional router);</li>
 *   <li>{@code ack}: an idempotent {@code acks=all} write until its acknowledgement (the notifier's
 *       ledger claim);</li>
 *   <li>{@code http}: a no-op localhost HTTP/1.1 round trip (a request to intake, the SMS provider).</li>
 * </ul>
 */
final class FloorParts implements AutoCloseable {
  static final String TXN_TOPIC = "crisisline.bench-floor-txn";
  static final String ACK_TOPIC = "crisisline.bench-floor-ack";
  private static final int SIZE = 512;
  /**
   * Transactional writers side by side, each due record going to the next in turn: one writer doing
   * one-record transactions back to back cannot pass 1 / commit time (measured on a loaded machine:
   * at 50/s its backlog, not the transaction, was the 14 s "floor"), while intake has many requests
   * in flight at once.
   */
  static final int TRANSACTIONAL_WRITERS = 4;

  /** One step's recorders, microseconds. */
  static final class Recorders {
    final Recorder txn = new Recorder(Step.MAX_MICROS, 3);
    final Recorder eos1 = new Recorder(Step.MAX_MICROS, 3);
    final Recorder eos2 = new Recorder(Step.MAX_MICROS, 3);
    final Recorder ack = new Recorder(Step.MAX_MICROS, 3);
    final Recorder http = new Recorder(Step.MAX_MICROS, 3);
  }

  private final EosFloor eos;
  private final List<KafkaProducer<byte[], byte[]>> transactional = new java.util.ArrayList<>();
  private final KafkaProducer<byte[], byte[]> idempotent;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final HttpServer server;
  private final HttpClient http;
  private final URI noop;
  private final Thread reader;
  private volatile Recorders target;
  private volatile boolean running = true;

  FloorParts(String bootstrap, Path stateDir) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      for (String t : List.of(TXN_TOPIC, ACK_TOPIC)) {
        try {
          admin.createTopics(List.of(new NewTopic(t, 3, (short) 1))).all().get();
        } catch (Exception e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create " + t, e);
          }
        }
      }
    }
    eos = new EosFloor(bootstrap, stateDir);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    idempotent = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    for (int i = 0; i < TRANSACTIONAL_WRITERS; i++) {
      p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "crisisline-bench-floor-" + UUID.randomUUID());
      KafkaProducer<byte[], byte[]> writer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
      writer.initTransactions();
      transactional.add(writer);
    }
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "crisisline-bench-floor-parts-" + UUID.randomUUID());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = new java.util.ArrayList<>();
    for (String t : List.of(TXN_TOPIC, EosFloor.MID, EosFloor.OUT)) {
      consumer.partitionsFor(t).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
    }
    consumer.assign(parts);
    consumer.seekToEnd(parts);
    parts.forEach(consumer::position);
    // As the SMS stand-in does: without TCP_NODELAY the JDK server's small answers wait on Nagle.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    try {
      server = HttpServer.create(new InetSocketAddress("localhost", 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/noop", ex -> {
      ex.getRequestBody().readAllBytes();
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
    noop = URI.create("http://localhost:" + server.getAddress().getPort() + "/noop");
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    reader = new Thread(this::read, "bench-floor-parts-consumer");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          Recorders t = target;
          if (t == null) {
            continue;
          }
          long micros = Pipeline.clamp((System.nanoTime() - ByteBuffer.wrap(r.value()).getLong()) / 1000);
          switch (r.topic()) {
            case TXN_TOPIC -> t.txn.recordValue(micros);
            case EosFloor.MID -> t.eos1.recordValue(micros);
            case EosFloor.OUT -> t.eos2.recordValue(micros);
            default -> { }
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  /** Runs every part at {@code rate}/s for {@code duration} into {@code into}; returns after a 2 s tail. */
  void measure(Recorders into, int rate, Duration duration) throws InterruptedException {
    target = into;
    List<Thread> threads = new java.util.ArrayList<>();
    for (int j = 0; j < TRANSACTIONAL_WRITERS; j++) {
      KafkaProducer<byte[], byte[]> writer = transactional.get(j);
      int nth = j;
      threads.add(new Thread(() -> open(rate, duration, nth, TRANSACTIONAL_WRITERS, due -> {
        writer.beginTransaction();
        writer.send(new ProducerRecord<>(TXN_TOPIC, payload(due)));
        writer.commitTransaction();
      }), "bench-floor-txn-" + j));
    }
    threads.add(new Thread(() -> open(rate, duration, 0, 1, due -> {
      idempotent.send(new ProducerRecord<>(EosFloor.IN, payload(due)));
      idempotent.send(new ProducerRecord<>(ACK_TOPIC, payload(due)), (md, e) -> {
        if (e == null) {
          into.ack.recordValue(Pipeline.clamp((System.nanoTime() - due) / 1000));
        }
      });
      http.sendAsync(HttpRequest.newBuilder(noop).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[SIZE])).build(),
          HttpResponse.BodyHandlers.discarding()).thenAccept(r ->
          into.http.recordValue(Pipeline.clamp((System.nanoTime() - due) / 1000)));
    }), "bench-floor-others"));
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    Thread.sleep(2000);
  }

  /** Open loop at {@code rate}/s: calls {@code send} with each due time {@code i} where i % of == nth. */
  private void open(int rate, Duration duration, int nth, int of, LongConsumer send) {
    long period = 1_000_000_000L / rate;
    long start = System.nanoTime() + 1_000_000;
    long count = duration.toNanos() / period;
    for (long i = nth; i < count && running; i += of) {
      long due = start + i * period;
      long now;
      while ((now = System.nanoTime()) < due) {
        LockSupport.parkNanos(due - now);
      }
      send.accept(due);
    }
  }

  private static byte[] payload(long dueNanos) {
    return ByteBuffer.allocate(SIZE).putLong(dueNanos).array();
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      reader.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop(0);
    transactional.forEach(w -> w.close(Duration.ofSeconds(5)));
    idempotent.close(Duration.ofSeconds(5));
    eos.close();
  }
}

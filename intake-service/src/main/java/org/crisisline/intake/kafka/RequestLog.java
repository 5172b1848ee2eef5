package org.crisisline.intake.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.crisisline.events.KafkaClientSecurity;
import org.crisisline.events.DataKeyWrapped;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.IdempotencyRecord;
import org.crisisline.events.Ids;
import org.crisisline.events.RegionPartitions;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Writes a logged request, its data key and the response kept for its Idempotency-Key in one Kafka
 * transaction: {@code help-requests} (key requestId, {@link HelpRequestLogged}), {@code data-keys}
 * (key requestId, {@link DataKeyWrapped}: a request is never stored with fields no key opens) and
 * {@code idempotency-keys} (key caller:key, {@link IdempotencyRecord}). Readers are
 * read_committed, so either both exist or neither — a request can never be stored while its key
 * is lost (which would let a retry log it twice). One transaction at a time, on one thread, as a
 * transactional producer requires. The transactional.id is unique per process: this is atomic
 * writing, not consume-transform-produce, so there is no zombie to fence.
 */
public final class RequestLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);
  private final Properties props = new Properties();
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "intake-request-log");
    t.setDaemon(true);
    return t;
  });
  private KafkaProducer<byte[], byte[]> producer;
  /** Requests per transaction at most: bounds how many answers one failed commit turns into 5xx. */
  private static final int MAX_BATCH = 500;
  private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
  /** Partitions of help-requests, learned when the producer opens; 0 while unknown. */
  private volatile int partitions;

  public RequestLog(String bootstrapServers, String clientId, KafkaClientSecurity security) {
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    security.applyTo(props);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-request-log");
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, clientId + "-request-log-" + UUID.randomUUID());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    join(CompletableFuture.runAsync(this::open, thread));
  }

  /**
   * A new requestId whose records land in {@code region}'s partition, so that routing places the
   * request in one hop ({@link RegionPartitions}); a plain random id while the partition count is
   * unknown (routing then re-keys it: two hops, nothing lost).
   */
  public String newRequestId(String region) {
    int n = partitions;
    return n > 0 ? RegionPartitions.requestIdIn(region, n) : Ids.newId();
  }

  /** Completes once the records are committed; exceptionally if the transaction failed. */
  public CompletableFuture<Void> record(HelpRequestLogged request, DataKeyWrapped dataKey, IdempotencyRecord kept) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    // The HTTP request's correlation id travels with the records (see EventPublisher.REQUEST_ID_HEADER).
    pending.add(new Pending(request, dataKey, kept, done, MDC.get("requestId")));
    thread.execute(this::commitPending);
    return done;
  }

  /**
   * Group commit: every request queued by the time the thread gets here goes into one transaction
   * (each with its key record, so a request is still never stored without its key). One commit
   * costs a few broker round trips whatever it holds; one commit per request capped intake at
   * about 1 / commit latency requests a second (measured in docs/performance.md).
   */
  private void commitPending() {
    List<Pending> batch = new ArrayList<>();
    for (Pending p; batch.size() < MAX_BATCH && (p = pending.poll()) != null; ) {
      batch.add(p);
    }
    if (batch.isEmpty()) {
      return; // an earlier run took this request into its transaction
    }
    try {
      if (producer == null) {
        open(); // the last reopen failed (brokers still unreachable): try again now
      }
      producer.beginTransaction();
      for (Pending p : batch) {
        if (p.dataKey() != null) {
          producer.send(record(Topics.DATA_KEYS, p.request().requestId(), p.dataKey(), p.correlationId()));
        }
        producer.send(record(Topics.HELP_REQUESTS, p.request().requestId(), p.request(), p.correlationId()));
        producer.send(record(Topics.IDEMPOTENCY_KEYS, p.kept().scopedKey(), p.kept(), p.correlationId()));
      }
      producer.commitTransaction();
      batch.forEach(p -> p.done().complete(null));
    } catch (RuntimeException e) {
      // KafkaException, and IllegalStateException from a producer whose commit timed out
      recover(e);
      batch.forEach(p -> p.done().completeExceptionally(e));
    }
  }

  private record Pending(HelpRequestLogged request, DataKeyWrapped dataKey, IdempotencyRecord kept, CompletableFuture<Void> done,
      String correlationId) {}

  private <V> ProducerRecord<byte[], byte[]> record(Topic<String, V> topic, String key, V value, String correlationId) {
    RecordHeaders headers = new RecordHeaders();
    if (correlationId != null) {
      headers.add(EventPublisher.REQUEST_ID_HEADER, correlationId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    byte[] k = topic.keySerde().serializer().serialize(topic.name(), headers, key);
    byte[] v = topic.valueSerde().serializer().serialize(topic.name(), headers, value);
    return new ProducerRecord<>(topic.name(), null, k, v, headers);
  }

  /** A producer is kept only once initTransactions succeeded; otherwise it stays null. */
  private void open() {
    KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    try {
      p.initTransactions();
    } catch (RuntimeException e) {
      p.close(Duration.ZERO);
      throw e;
    }
    producer = p;
    if (partitions > 0) {
      return;
    }
    try {
      partitions = p.partitionsFor(Topics.HELP_REQUESTS.name()).size();
    } catch (RuntimeException e) {
      LOG.warn("partitions of {} unknown ({}): request ids not aligned with their region", Topics.HELP_REQUESTS.name(),
          e.getClass().getSimpleName());
    }
  }

  /**
   * Aborts what can be aborted. A producer that cannot abort (fatal error, or a commit that timed
   * out, after which Kafka allows only retrying the commit) is closed; the next request opens a fresh
   * one with the same transactional.id, whose initTransactions finishes or aborts what the old one
   * left open. Found by the reliability run: with 2 of 3 brokers down for longer than the delivery
   * timeout, the old code kept the wedged producer and intake answered 503 for ever after the
   * brokers came back.
   */
  private void recover(RuntimeException cause) {
    LOG.warn("request transaction failed: {}", cause.getClass().getSimpleName());
    if (producer == null) {
      return;
    }
    try {
      producer.abortTransaction();
    } catch (RuntimeException cannotAbort) {
      // Reopened by the next request, not here: initTransactions may block for max.block.ms while
      // the brokers are away, and this request's caller is waiting for its 503.
      producer.close(Duration.ZERO);
      producer = null;
    }
  }

  private static void join(CompletableFuture<Void> f) {
    try {
      f.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : e;
    }
  }

  @Override
  public void close() {
    CompletableFuture.runAsync(() -> {
      if (producer != null) {
        producer.close(Duration.ofSeconds(5));
      }
    }, thread).exceptionally(e -> null).join();
    thread.shutdown();
  }
}

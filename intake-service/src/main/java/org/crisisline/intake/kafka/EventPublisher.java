package org.crisisline.intake.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.crisisline.events.KafkaClientSecurity;
import org.crisisline.events.Topic;
import org.slf4j.MDC;

/**
 * The one producer of intake: acks=all and idempotence, so a future completes only once every
 * in-sync replica has the record. Writes {@code help-requests}, {@code responders},
 * {@code responder-status}, {@code directory}, {@code offer-answers}, {@code audit},
 * {@code idempotency-keys} and {@code dead-letters}; always through the typed registry, so the
 * eventId header is set by the topic's serde.
 */
public final class EventPublisher implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  // Completions leave the producer's I/O thread: a follow-up send() from a callback would block
  // that very thread while waiting for metadata (until max.block.ms).
  private final ExecutorService completions = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "intake-publisher-completions");
    t.setDaemon(true);
    return t;
  });

  /** Header carrying the HTTP request's X-Request-Id (correlation id) on records sent while handling it. */
  public static final String REQUEST_ID_HEADER = "crisisline.request-id";

  /** Micrometer binder of the producer's metrics (send rate, errors, request latency). */
  public io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics kafkaMetrics() {
    return new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(producer);
  }

  public EventPublisher(String bootstrapServers, String clientId, KafkaClientSecurity security) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    security.applyTo(p);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    // send() runs on the event loop: if metadata is unreachable, fail fast (503) rather than stall it.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Sends and completes when the broker acknowledged (acks=all), or exceptionally. */
  public <K, V> CompletableFuture<RecordMetadata> send(Topic<K, V> topic, K key, V value) {
    CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
    try {
      RecordHeaders headers = new RecordHeaders();
      String requestId = MDC.get("requestId");
      if (requestId != null) {
        headers.add(REQUEST_ID_HEADER, requestId.getBytes(StandardCharsets.UTF_8));
      }
      byte[] k = topic.keySerde().serializer().serialize(topic.name(), headers, key);
      byte[] v = topic.valueSerde().serializer().serialize(topic.name(), headers, value);
      producer.send(new ProducerRecord<>(topic.name(), null, k, v, headers), (meta, error) -> {
        if (error != null) {
          completions.execute(() -> done.completeExceptionally(error));
        } else {
          completions.execute(() -> done.complete(meta));
        }
      });
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
    }
    return done;
  }

  /** Forwards raw bytes (poison records) with the given headers. */
  public void sendRaw(String topic, byte[] key, byte[] value, RecordHeaders headers) {
    producer.send(new ProducerRecord<>(topic, null, key, value, headers));
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    completions.shutdown();
  }
}

package org.crisisline.notifier.kafka;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.crisisline.events.AlertAckRequested;
import org.crisisline.events.ConsentWithdrawn;
import org.crisisline.events.DeadLetters;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.DeliveryEvent;
import org.crisisline.events.SendRecord;
import org.crisisline.events.SmsReplyReceived;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.crisisline.notifier.domain.SendStateMachine;

/**
 * The notifier's one producer (acks=all, idempotent). Writes {@code notifier-sends}
 * (key offerId/channel, {@link SendRecord}; header {@value #WRITER_HEADER} names this instance so
 * its own tail can skip it), {@code deliveries} (key offerId, {@link DeliveryEvent}),
 * {@code sms-replies} (key requestId, {@link SmsReplyReceived}; never {@code offer-answers}),
 * {@code sms-alert-acks} (key requestId, {@link AlertAckRequested} via SMS; never {@code alert-acks}),
 * {@code consent-withdrawals} (key callerKey, {@link ConsentWithdrawn}; never the number)
 * and {@code dead-letters}. Futures complete on the given Vert.x context, after the broker's ack.
 */
public final class KafkaWriter implements AutoCloseable {
  public static final String WRITER_HEADER = "notifier.instance";

  private final KafkaProducer<byte[], byte[]> producer;
  private final LongAdder deadLettered = new LongAdder();
  private final String instanceId;

  /** Micrometer binder of the producer's metrics (send rate, errors, request latency). */
  public KafkaClientMetrics kafkaMetrics() {
    return new KafkaClientMetrics(producer);
  }

  public KafkaWriter(KafkaConnection kafka) {
    Properties p = kafka.properties("notifier-");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    // send() runs on the event loop: it must not wait for metadata. Bound the worst case, and
    // fetch the metadata of every topic written here now, while start() may block.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    this.instanceId = kafka.instanceId();
    try {
      for (Topic<?, ?> topic : List.of(Topics.NOTIFIER_SENDS, Topics.DELIVERIES, Topics.SMS_REPLIES,
          Topics.SMS_ALERT_ACKS, Topics.CONSENT_WITHDRAWALS, Topics.DEAD_LETTERS)) {
        producer.partitionsFor(topic.name());
      }
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw new IllegalStateException("notifier cannot reach its output topics: " + e.getMessage(), e);
    }
  }

  public Future<Void> ledger(Context ctx, SendRecord record) {
    return send(ctx, Topics.NOTIFIER_SENDS, SendStateMachine.key(record.offerId(), record.channel()), record);
  }

  /** Removes a ledger key for good (compaction drops it), once its offer is long expired. */
  public Future<Void> forget(Context ctx, String offerId, DeliveryChannel channel) {
    Promise<Void> promise = Promise.promise();
    var headers = new RecordHeaders();
    headers.add(WRITER_HEADER, instanceId.getBytes(StandardCharsets.UTF_8));
    byte[] key = SendStateMachine.key(offerId, channel).getBytes(StandardCharsets.UTF_8);
    producer.send(new ProducerRecord<>(Topics.NOTIFIER_SENDS.name(), null, key, null, headers), (meta, error) ->
        ctx.runOnContext(v -> {
          if (error == null) {
            promise.complete();
          } else {
            promise.fail(error);
          }
        }));
    return promise.future();
  }

  public Future<Void> delivery(Context ctx, DeliveryEvent event) {
    return send(ctx, Topics.DELIVERIES, event.offerId(), event);
  }

  public Future<Void> smsReply(Context ctx, SmsReplyReceived reply) {
    return send(ctx, Topics.SMS_REPLIES, reply.requestId(), reply);
  }

  public Future<Void> smsAlertAck(Context ctx, AlertAckRequested ack) {
    return send(ctx, Topics.SMS_ALERT_ACKS, ack.requestId(), ack);
  }

  public Future<Void> consentWithdrawn(Context ctx, ConsentWithdrawn withdrawn) {
    return send(ctx, Topics.CONSENT_WITHDRAWALS, withdrawn.callerKey(), withdrawn);
  }

  /** Blocking: the poll loop waits for the dead letter before it moves past the record. */
  public void deadLetter(ConsumerRecord<byte[], byte[]> record, Throwable error) throws Exception {
    var headers = new RecordHeaders(record.headers().toArray());
    DeadLetters.describe(headers, "notifier", record.topic(), record.partition(), record.offset(), error);
    producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), null, record.key(), record.value(), headers))
        .get();
    deadLettered.increment();
  }

  /** Records sent to dead-letters since start ({@code crisisline_dead_letters_total}). */
  public long deadLettered() {
    return deadLettered.sum();
  }

  private <V> Future<Void> send(Context ctx, Topic<String, V> topic, String key, V value) {
    Promise<Void> promise = Promise.promise();
    var headers = new RecordHeaders();
    headers.add(WRITER_HEADER, instanceId.getBytes(StandardCharsets.UTF_8));
    byte[] bytes;
    try {
      bytes = topic.valueSerde().serializer().serialize(topic.name(), headers, value);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    try {
      producer.send(new ProducerRecord<>(topic.name(), null, keyBytes, bytes, headers), (meta, error) ->
          ctx.runOnContext(v -> {
            if (error == null) {
              promise.complete();
            } else {
              promise.fail(error);
            }
          }));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return promise.future();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}

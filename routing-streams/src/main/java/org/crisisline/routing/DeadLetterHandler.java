package org.crisisline.routing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.crisisline.events.DeadLetters;
import org.crisisline.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends poison records to {@code dead-letters} (original key and value bytes, reason in the
 * {@link DeadLetters} headers) and lets the stream carry on: records that cannot be decoded
 * (deserialization) and records routing cannot act on (processing, e.g. a request without a
 * region). The dead-letter record is produced in the task's transaction, so it is written
 * exactly when the input offset is committed. Logs the reason, never the payload.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {
  public static final String WRITER = "routing-streams";
  private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);
  private static final AtomicLong COUNT = new AtomicLong();

  /** Dead letters written by this JVM's routing tasks. */
  public static long count() {
    return COUNT.get();
  }

  @Override
  public void configure(Map<String, ?> configs) {}

  @Override
  public DeserializationExceptionHandler.Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    return DeserializationExceptionHandler.Response.resume(
        List.of(deadLetter(context, record.key(), record.value(), exception)));
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    return ProcessingExceptionHandler.Response.resume(
        List.of(deadLetter(context, context.sourceRawKey(), context.sourceRawValue(), exception)));
  }

  private static ProducerRecord<byte[], byte[]> deadLetter(
      ErrorHandlerContext context, byte[] key, byte[] value, Exception exception) {
    COUNT.incrementAndGet();
    log.warn("dead-lettering record {}-{}@{} at {}: {}", context.topic(), context.partition(), context.offset(),
        context.processorNodeId(), exception.getClass().getSimpleName());
    RecordHeaders headers = new RecordHeaders();
    DeadLetters.describe(headers, WRITER, context.topic(), context.partition(), context.offset(), exception);
    return new ProducerRecord<>(Topics.DEAD_LETTERS.name(), null, key, value, headers);
  }
}

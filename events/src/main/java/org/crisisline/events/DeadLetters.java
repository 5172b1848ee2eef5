package org.crisisline.events;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * Header names on {@code dead-letters} records. The original key and value bytes are kept as
 * they were, so a record can be replayed once the fault is fixed. Reasons never quote payloads.
 */
public final class DeadLetters {
  public static final String REASON = "dlq.reason";
  public static final String EXCEPTION = "dlq.exception";
  public static final String SOURCE_TOPIC = "dlq.topic";
  public static final String SOURCE_PARTITION = "dlq.partition";
  public static final String SOURCE_OFFSET = "dlq.offset";
  public static final String WRITER = "dlq.writer";

  private DeadLetters() {}

  /** Adds the standard headers describing why and where a record failed. */
  public static Headers describe(
      Headers headers, String writer, String topic, int partition, long offset, Throwable error) {
    set(headers, WRITER, writer);
    set(headers, SOURCE_TOPIC, topic);
    set(headers, SOURCE_PARTITION, Integer.toString(partition));
    set(headers, SOURCE_OFFSET, Long.toString(offset));
    set(headers, EXCEPTION, error.getClass().getName());
    set(headers, REASON, String.valueOf(error.getMessage()));
    return headers;
  }

  public static String header(Headers headers, String name) {
    var h = headers.lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static void set(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}

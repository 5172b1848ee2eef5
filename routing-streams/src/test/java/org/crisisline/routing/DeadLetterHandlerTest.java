package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.crisisline.events.DeadLetters;
import org.crisisline.events.Topics;
import org.junit.jupiter.api.Test;

class DeadLetterHandlerTest {

  @Test
  void anUndecodableRecordBecomesADeadLetterWithItsBytesAndTheReasonInHeaders() {
    // Given a record on help-requests that cannot be decoded
    byte[] key = "req-1".getBytes(StandardCharsets.UTF_8);
    byte[] value = "{not json".getBytes(StandardCharsets.UTF_8);
    ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(Topics.HELP_REQUESTS.name(), 2, 41L, key, value);
    // When the handler sees the error
    DeserializationExceptionHandler.Response response = new DeadLetterHandler().handleError(
        context(Topics.HELP_REQUESTS.name(), 2, 41L), record, new SerializationException("malformed JSON at line 1"));
    // Then the stream resumes and one dead letter carries the original bytes and the reason
    assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).hasSize(1);
    ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
    assertThat(dead.topic()).isEqualTo(Topics.DEAD_LETTERS.name());
    assertThat(dead.key()).isEqualTo(key);
    assertThat(dead.value()).isEqualTo(value);
    assertThat(DeadLetters.header(dead.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.HELP_REQUESTS.name());
    assertThat(DeadLetters.header(dead.headers(), DeadLetters.SOURCE_PARTITION)).isEqualTo("2");
    assertThat(DeadLetters.header(dead.headers(), DeadLetters.SOURCE_OFFSET)).isEqualTo("41");
    assertThat(DeadLetters.header(dead.headers(), DeadLetters.WRITER)).isEqualTo("routing-streams");
    assertThat(DeadLetters.header(dead.headers(), DeadLetters.REASON)).isEqualTo("malformed JSON at line 1");
    assertThat(DeadLetters.header(dead.headers(), DeadLetters.EXCEPTION)).isEqualTo(SerializationException.class.getName());
  }

  private static ErrorHandlerContext context(String topic, int partition, long offset) {
    return new ErrorHandlerContext() {
      public String topic() { return topic; }
      public int partition() { return partition; }
      public long offset() { return offset; }
      public Headers headers() { return new RecordHeaders(); }
      public String processorNodeId() { return "help-requests"; }
      public TaskId taskId() { return new TaskId(0, partition); }
      public long timestamp() { return 0; }
      public byte[] sourceRawKey() { return null; }
      public byte[] sourceRawValue() { return null; }
    };
  }
}

package org.crisisline.system.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.crisisline.events.DeadLetters;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ./crisisline dlq list | replay} on a real broker. The dead letter's source is a topic of this
 * test's own (crisisline-prefixed, so replay accepts it), so replays reach no other test.
 */
@ExtendWith(RealKafka.class)
class DlqCommandTest {
  private static final Pattern ID = Pattern.compile("(?m)^(\\d+:\\d+)  ");

  @Test
  void aDeadLetterIsListedWithItsReasonAndReplayedToItsSourceExactlyOnce() throws Exception {
    // Given a source topic and a dead letter that came from it
    RealKafka.createTopics();
    String source = Topics.PREFIX + "ops-test-" + UUID.randomUUID().toString().substring(0, 8);
    String key = "req-" + UUID.randomUUID();
    byte[] value = "{\"type\":\"SomethingNew\",\"summary\":\"sealed-or-not, never printed\"}".getBytes(StandardCharsets.UTF_8);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealKafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(source, 1, (short) 1))).all().get();
    }
    RecordHeaders headers = new RecordHeaders();
    headers.add("eventId", "e-1".getBytes(StandardCharsets.UTF_8));
    DeadLetters.describe(headers, "ops-test", source, 0, 41L, new IllegalArgumentException("unknown type SomethingNew"));
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), null, key.getBytes(StandardCharsets.UTF_8),
          value, headers)).get();
    }
    Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", RealKafka.bootstrapServers());

    // When the operator lists the dead letters of that source
    OpsCli list = OpsCli.run(env, "dlq", "list", "--source", source);

    // Then it shows where it failed, who wrote it and why, but never the value
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out()).contains("from " + source + "[0@41]", "by ops-test", "unknown type SomethingNew", "key=" + key)
        .doesNotContain("never printed").contains("1 of 1 dead letter(s)");
    Matcher m = ID.matcher(list.out());
    assertThat(m.find()).isTrue();
    String id = m.group(1);

    // When they replay it, and by mistake a second time
    OpsCli replay = OpsCli.run(env, "dlq", "replay", id);
    OpsCli again = OpsCli.run(env, "dlq", "replay", id);

    // Then the source topic holds it once: original key and value, its other headers, and where it came from
    assertThat(replay.out()).contains(id + "  replayed to " + source);
    assertThat(again.out()).contains("already replayed");
    List<ConsumerRecord<byte[], byte[]>> replayed = readAll(source);
    assertThat(replayed).hasSize(1);
    ConsumerRecord<byte[], byte[]> r = replayed.get(0);
    assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(key);
    assertThat(r.value()).isEqualTo(value);
    assertThat(DeadLetters.header(r.headers(), "eventId")).isEqualTo("e-1");
    assertThat(DeadLetters.header(r.headers(), DeadLetters.REASON)).isNull();
    assertThat(DeadLetters.header(r.headers(), "dlq.replay-of")).isEqualTo(Topics.DEAD_LETTERS.name() + ":" + id);
  }

  @Test
  void replayingAnOffsetThatIsNotADeadLetterFails() {
    // Given an offset far past the end of dead-letters
    RealKafka.createTopics();
    // When replayed, Then nothing is sent and the exit code says so
    OpsCli replay = OpsCli.run(Map.of("KAFKA_BOOTSTRAP_SERVERS", RealKafka.bootstrapServers()),
        "dlq", "replay", "0:999999999");
    assertThat(replay.exitCode()).isEqualTo(1);
    assertThat(replay.out()).contains("not found", "0 replayed");
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealKafka.bootstrapServers());
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealKafka.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
      while (c.position(tp) < end) {
        c.poll(Duration.ofMillis(200)).forEach(all::add);
      }
      return all;
    }
  }
}

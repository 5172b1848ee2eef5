package org.crisisline.system.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.crisisline.events.RetentionPolicy;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealKafka.class)
class TopicsCommandTest {

  @Test
  void topicsCreatesWhatIsMissingAndThenVerifiesEveryRegistryTopic() {
    // Given the broker of KAFKA_BOOTSTRAP_SERVERS
    Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", RealKafka.bootstrapServers());
    // When an operator runs ./crisisline topics (twice: it is idempotent)
    OpsCli first = OpsCli.run(env, "topics");
    OpsCli second = OpsCli.run(env, "topics");
    // Then both succeed and every registry topic is reported with its settings
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(second.exitCode()).as(second.err()).isZero();
    for (Topic<?, ?> t : Topics.all()) {
      assertThat(second.out()).contains(t.name());
    }
    assertThat(second.out()).contains(Topics.all().size() + " topics verified");
  }

  @Test
  void topicsVerifyReportsADifferenceWithAFailingExitCode() {
    // Given a layout the single test broker cannot have (more partitions than the topics were made with)
    Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", RealKafka.bootstrapServers());
    RealKafka.createTopics();
    // When verifying against 64 partitions
    OpsCli verify = OpsCli.run(env, "topics", "--verify", "--partitions", "64");
    // Then it fails and names the difference
    assertThat(verify.exitCode()).isEqualTo(1);
    assertThat(verify.err()).contains("partitions, want 64");
  }

  @Test
  void topicsVerifyReportsATopicWhoseRetentionDriftedAndTopicsSetsItBack() throws Exception {
    // Given the registry topics, and dead-letters' retention shortened by hand to one day
    Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", RealKafka.bootstrapServers());
    RealKafka.createTopics();
    long wanted = RetentionPolicy.DEFAULTS.retentionMs(Topics.DEAD_LETTERS.retention());
    setRetention(Topics.DEAD_LETTERS, Duration.ofDays(1).toMillis());
    try {
      // When an operator verifies
      OpsCli verify = OpsCli.run(env, "topics", "--verify");
      // Then it fails and names the topic, what it keeps and what it should keep
      assertThat(verify.exitCode()).as(verify.out()).isEqualTo(1);
      assertThat(verify.err()).contains(Topics.DEAD_LETTERS.name() + ": retention.ms " + Duration.ofDays(1).toMillis()
          + ", want " + wanted + " (live)");
      // And ./crisisline topics sets it back, after which verification passes and reports the retention
      OpsCli fix = OpsCli.run(env, "topics");
      assertThat(fix.exitCode()).as(fix.err()).isZero();
      OpsCli again = OpsCli.run(env, "topics", "--verify");
      assertThat(again.exitCode()).as(again.err()).isZero();
      assertThat(again.out()).containsPattern(Topics.HELP_REQUESTS.name() + " .*delete, history, retention 400 d")
          .containsPattern(Topics.RESPONDERS.name() + " .*compact, latest, kept");
    } finally {
      setRetention(Topics.DEAD_LETTERS, wanted);
    }
  }

  private static void setRetention(Topic<?, ?> topic, long ms) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", RealKafka.bootstrapServers()))) {
      admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()),
          List.of(new AlterConfigOp(new ConfigEntry("retention.ms", Long.toString(ms)), AlterConfigOp.OpType.SET))))
          .all().get();
      // The broker answering describeConfigs applies the change from the metadata log a moment later.
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
      await().atMost(Duration.ofSeconds(10)).until(() -> admin.describeConfigs(List.of(resource)).all().get()
          .get(resource).get("retention.ms").value().equals(Long.toString(ms)));
    }
  }

  @Test
  void anUnknownSubcommandIsAUsageError() {
    OpsCli result = OpsCli.run(Map.of(), "dlq", "purge");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("'purge'", "./crisisline dlq --help").hasLineCount(1);
  }
}

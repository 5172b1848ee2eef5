package org.crisisline.system.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
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
  void anUnknownSubcommandIsAUsageError() {
    OpsCli result = OpsCli.run(Map.of(), "dlq", "purge");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("'purge'", "./crisisline dlq --help").hasLineCount(1);
  }
}

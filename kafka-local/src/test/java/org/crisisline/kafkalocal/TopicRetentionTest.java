package org.crisisline.kafkalocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.Serdes;
import org.crisisline.events.Retention;
import org.crisisline.events.RetentionPolicy;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every topic is made with the retention its registry entry chose, and a drifted one is reported. */
@ExtendWith(RealKafka.class)
class TopicRetentionTest {
  private static final RetentionPolicy POLICY = new RetentionPolicy(Duration.ofDays(3), Duration.ofDays(90));

  @Test
  void registryTopicsCarryTheirCleanupPolicyAndRetentionOnTheBroker() throws Exception {
    // Given the registry topics created with the default retention
    RealKafka.createTopics();
    try (TopicAdmin admin = new TopicAdmin(RealKafka.bootstrapServers())) {
      // Then each one carries its cleanup.policy and retention.ms on the broker
      Map<ConfigResource, Config> configs = admin.admin().describeConfigs(Topics.all().stream()
          .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList()).all().get();
      for (Topic<?, ?> t : Topics.all()) {
        Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.name()));
        assertThat(c.get("cleanup.policy").value()).as(t.name()).isEqualTo(t.retention().cleanupPolicy());
        assertThat(Long.parseLong(c.get("retention.ms").value())).as(t.name())
            .isEqualTo(RetentionPolicy.DEFAULTS.retentionMs(t.retention()));
      }
      // And the contact history is kept as long as the records policy, live work for the live window
      assertThat(configs.get(resource(Topics.HELP_REQUESTS)).get("retention.ms").value())
          .isEqualTo(Long.toString(Duration.ofDays(400).toMillis()));
      assertThat(configs.get(resource(Topics.DELIVERIES)).get("retention.ms").value())
          .isEqualTo(Long.toString(Duration.ofDays(7).toMillis()));
      assertThat(configs.get(resource(Topics.RESPONDERS)).get("retention.ms").value()).isEqualTo("-1");
    }
  }

  @Test
  void aTopicWhoseRetentionDriftedFailsVerificationAndEnsureTopicsSetsItBack() throws Exception {
    // Given a topic of each kind made with the operator's retention (unique names: the broker is shared)
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<Topic<?, ?>> topics = List.of(topic(run, Retention.LIVE), topic(run, Retention.HISTORY),
        topic(run, Retention.LATEST), topic(run, Retention.LATEST_WITHIN_LIVE_WINDOW));
    TopicAdmin.Layout layout = TopicAdmin.Layout.LOCAL.withRetention(POLICY);
    try (TopicAdmin admin = new TopicAdmin(RealKafka.bootstrapServers())) {
      admin.ensureTopics(topics, layout);
      admin.verify(topics, layout);

      // When someone shortens the history topic's retention by hand
      Topic<?, ?> history = topics.get(1);
      alter(admin, history, "retention.ms", Long.toString(Duration.ofDays(7).toMillis()));

      // Then verification fails and names the topic, the value found and the value wanted
      assertThatThrownBy(() -> admin.verify(topics, layout))
          .hasMessageContaining(history.name() + ": retention.ms " + Duration.ofDays(7).toMillis()
              + ", want " + Duration.ofDays(90).toMillis() + " (history)");
      // And a wrong cleanup policy is reported too
      alter(admin, topics.get(2), "cleanup.policy", "delete");
      assertThatThrownBy(() -> admin.verify(topics, layout))
          .hasMessageContaining(topics.get(2).name() + ": cleanup.policy delete, want compact");

      // When the topics are ensured again, both are set back and verification passes
      admin.ensureTopics(topics, layout);
      admin.verify(topics, layout);
    }
  }

  private static void alter(TopicAdmin admin, Topic<?, ?> topic, String key, String value) throws Exception {
    Map<ConfigResource, Collection<AlterConfigOp>> op = Map.of(resource(topic),
        List.of(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET)));
    admin.admin().incrementalAlterConfigs(op).all().get();
    // The broker answering describeConfigs applies the change from the metadata log a moment later.
    await().atMost(Duration.ofSeconds(10)).until(() -> admin.admin().describeConfigs(List.of(resource(topic))).all()
        .get().get(resource(topic)).get(key).value().equals(value));
  }

  private static ConfigResource resource(Topic<?, ?> topic) {
    return new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
  }

  private static Topic<String, String> topic(String run, Retention retention) {
    return new Topic<>("retention-test-" + run + "-" + retention.label(), Serdes.String(), Serdes.String(), retention);
  }
}

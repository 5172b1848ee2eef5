package org.crisisline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

  @Test
  void historyTopicsFollowTheRecordsPolicyAndLiveTopicsTheLiveWindow() {
    // Given an operator keeping records 730 days and live work 3 days
    RetentionPolicy policy = RetentionPolicy.fromEnv(Map.of(
        "CRISISLINE_RECORDS_RETENTION_DAYS", "730", "CRISISLINE_TOPIC_LIVE_RETENTION_DAYS", "3"));
    // Then each kind of topic gets its cleanup policy and retention
    assertThat(policy.topicConfigs(Retention.HISTORY))
        .containsEntry("cleanup.policy", "delete").containsEntry("retention.ms", "" + Duration.ofDays(730).toMillis());
    assertThat(policy.topicConfigs(Retention.LIVE)).containsEntry("retention.ms", "" + Duration.ofDays(3).toMillis());
    assertThat(policy.topicConfigs(Retention.LATEST))
        .containsEntry("cleanup.policy", "compact").containsEntry("retention.ms", "-1");
    assertThat(policy.topicConfigs(Retention.LATEST_WITHIN_LIVE_WINDOW))
        .containsEntry("cleanup.policy", "compact,delete")
        .containsEntry("retention.ms", "" + Duration.ofDays(3).toMillis());
    // And the data keys are compacted within hours of a tombstone and deleted with the history
    assertThat(policy.topicConfigs(Retention.SHREDDABLE_KEYS))
        .containsEntry("cleanup.policy", "compact,delete")
        .containsEntry("retention.ms", "" + Duration.ofDays(730).toMillis())
        .containsEntry("segment.ms", "" + Duration.ofHours(1).toMillis())
        .containsEntry("min.compaction.lag.ms", "0")
        .containsEntry("max.compaction.lag.ms", "" + Duration.ofHours(1).toMillis());
    assertThat(Topics.DATA_KEYS.retention()).isEqualTo(Retention.SHREDDABLE_KEYS);
  }

  @Test
  void unsetMeansTheDefaultsAndNonsenseIsRefusedByName() {
    assertThat(RetentionPolicy.fromEnv(Map.of())).isEqualTo(RetentionPolicy.DEFAULTS);
    assertThatThrownBy(() -> RetentionPolicy.fromEnv(Map.of("CRISISLINE_TOPIC_LIVE_RETENTION_DAYS", "0")))
        .hasMessageContaining("CRISISLINE_TOPIC_LIVE_RETENTION_DAYS");
    assertThatThrownBy(() -> RetentionPolicy.fromEnv(Map.of("CRISISLINE_RECORDS_RETENTION_DAYS", "a year")))
        .hasMessageContaining("CRISISLINE_RECORDS_RETENTION_DAYS");
  }

  @Test
  void everyRegistryTopicChoseItsRetentionAndTheContactHistoryIsKeptAsHistory() {
    for (Topic<?, ?> t : Topics.all()) {
      assertThat(t.retention()).as(t.name()).isNotNull();
    }
    // The topics the records database is rebuilt from must outlive nothing shorter than the policy
    assertThat(java.util.List.of(Topics.HELP_REQUESTS, Topics.REQUEST_STATUS, Topics.OFFER_ANSWERS, Topics.ALERTS))
        .allMatch(t -> t.retention() == Retention.HISTORY);
  }
}

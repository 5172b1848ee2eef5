package org.crisisline.intake.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.crisisline.events.Topics;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {
  private static final Duration DAY = Duration.ofDays(1);

  @Test
  void withoutARecordsDatabaseEveryTopicIsReadFromTheBeginning() {
    assertThat(ReplayWindow.starts(null, DAY)).isEmpty();
  }

  @Test
  void theRequestTopicsGoBackTheLongestTimeAViewHoldsARecordOfThem() {
    var starts = ReplayWindow.starts(Duration.ofHours(36), DAY);
    // The referral links' 15 days outlast the 36 h window, the 7-day stall and the day of alerts; one day of margin
    for (var topic : new String[] {Topics.HELP_REQUESTS.name(), Topics.REQUEST_STATUS.name(), Topics.OFFERS.name(),
        Topics.OFFER_ANSWERS.name(), Topics.SMS_REPLIES.name(), Topics.ALERTS.name(), Topics.DELIVERIES.name()}) {
      assertThat(starts.get(topic).lookback()).as(topic).isEqualTo(Duration.ofDays(16));
    }
    // A recent window longer than all of them sets the lookback
    assertThat(ReplayWindow.starts(Duration.ofDays(40), DAY).get(Topics.HELP_REQUESTS.name()).lookback())
        .isEqualTo(Duration.ofDays(41));
  }

  @Test
  void followUpsGoBackAYearAndTheAuditOnlyItsTail() {
    var starts = ReplayWindow.starts(Duration.ofHours(36), DAY);
    assertThat(starts.get(Topics.FOLLOW_UPS.name()).lookback()).isGreaterThan(Duration.ofDays(365 + 7));
    assertThat(starts.get(Topics.AUDIT.name()).tail()).isEqualTo(20_000);
  }

  @Test
  void currentStateTopicsAndOptOutsAreReadFromTheBeginning() {
    var starts = ReplayWindow.starts(Duration.ofHours(36), DAY);
    for (var topic : new String[] {Topics.RESPONDERS.name(), Topics.RESPONDER_STATUS.name(), Topics.DIRECTORY.name(),
        Topics.IDEMPOTENCY_KEYS.name(), Topics.SESSION_REVOCATIONS.name(), Topics.ROUTING_POLICY.name(),
        Topics.ONCALL_SCHEDULES.name(), Topics.ONCALL_PEOPLE.name(), Topics.QUEUE_SNAPSHOTS.name(),
        Topics.CONSENT_WITHDRAWALS.name()}) {
      assertThat(starts.getOrDefault(topic, ReplayWindow.Start.BEGINNING).fromBeginning()).as(topic).isTrue();
    }
  }
}

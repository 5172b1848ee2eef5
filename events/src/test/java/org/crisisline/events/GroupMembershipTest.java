package org.crisisline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class GroupMembershipTest {

  @Test
  void anInstanceIdMakesAStaticMemberPerRoleWithTheShortSession() {
    // Given an instance named as compose names it
    GroupMembership m = GroupMembership.fromEnv(Map.of("CRISISLINE_KAFKA_INSTANCE_ID", "notifier"));
    Properties p = new Properties();
    // When applied to the notifier's offers consumer
    m.applyTo(p, "offers");
    // Then it joins as a static member with a 10 s session and 3 s heartbeats
    assertThat(p).containsEntry("group.instance.id", "notifier-offers")
        .containsEntry("session.timeout.ms", 10_000).containsEntry("heartbeat.interval.ms", 3_000);
  }

  @Test
  void withoutAnInstanceIdTheMemberIsDynamicButStillHasTheShortSession() {
    Properties p = new Properties();
    GroupMembership.fromEnv(Map.of("CRISISLINE_KAFKA_SESSION_TIMEOUT_MS", "12000")).applyTo(p, "routing");
    assertThat(p).doesNotContainKey("group.instance.id").containsEntry("session.timeout.ms", 12_000);
  }

  @Test
  void settingsTheBrokerWouldRefuseAreRefusedAtStartByName() {
    assertThatThrownBy(() -> GroupMembership.fromEnv(Map.of("CRISISLINE_KAFKA_SESSION_TIMEOUT_MS", "3000")))
        .hasMessageContaining("CRISISLINE_KAFKA_SESSION_TIMEOUT_MS");
    assertThatThrownBy(() -> GroupMembership.fromEnv(Map.of("CRISISLINE_KAFKA_HEARTBEAT_MS", "10000")))
        .hasMessageContaining("CRISISLINE_KAFKA_HEARTBEAT_MS");
    assertThatThrownBy(() -> GroupMembership.fromEnv(Map.of("CRISISLINE_KAFKA_INSTANCE_ID", "two words")))
        .hasMessageContaining("CRISISLINE_KAFKA_INSTANCE_ID");
  }
}

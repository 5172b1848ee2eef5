package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.crisisline.events.Need;
import org.crisisline.events.Urgency;
import org.crisisline.routing.market.RoutingPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingConfigTest {

  @Test
  void everyEnvironmentVariableHasALocalDefault() {
    RoutingConfig c = RoutingConfig.fromEnv(Map.of());
    assertThat(c.bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(c.port()).isEqualTo(8082);
    assertThat(c.dataDir()).isEqualTo(Path.of("./.crisisline"));
    assertThat(c.replicationFactor()).isEqualTo(1);
    assertThat(c.applicationId()).isEqualTo("crisisline-routing");
    assertThat(c.policyPath()).isEmpty();
  }

  @Test
  void streamsRunExactlyOnceWithStateUnderTheDataDirAndDeadLetters() {
    RoutingConfig c = RoutingConfig.fromEnv(Map.of("CRISISLINE_DATA_DIR", "/var/crisisline",
        "CRISISLINE_ROUTING_REPLICATION_FACTOR", "3"));
    Properties p = RoutingTopology.streamsConfig(c);
    assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(p.get(StreamsConfig.STATE_DIR_CONFIG)).isEqualTo(Path.of("/var/crisisline/routing-state").toString());
    assertThat(p.get(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(3);
    assertThat(p.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG)).isEqualTo(DeadLetterHandler.class);
    assertThat(p.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG)).isEqualTo(DeadLetterHandler.class);
  }

  @Test
  void standbyReplicasAreNoneByDefaultAndSetFromTheEnvironmentForScaleOut() {
    assertThat(RoutingTopology.streamsConfig(RoutingConfig.fromEnv(Map.of()))
        .get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(0);
    RoutingConfig c = RoutingConfig.fromEnv(Map.of("CRISISLINE_ROUTING_STANDBY_REPLICAS", "1"));
    assertThat(c.withPort(0).withApplicationId("x").standbyReplicas()).isEqualTo(1);
    assertThat(RoutingTopology.streamsConfig(c).get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
  }

  @Test
  void anInstanceIdMakesEachStreamThreadAStaticGroupMemberAndOnlyTheGroupConsumerGetsIt() {
    // Given routing-1 of docker-compose, with two stream threads
    RoutingConfig c = RoutingConfig.fromEnv(Map.of("CRISISLINE_KAFKA_INSTANCE_ID", "routing-1",
        "CRISISLINE_ROUTING_THREADS", "2"));
    // When Streams derives its clients' settings
    StreamsConfig streams = new StreamsConfig(RoutingTopology.streamsConfig(c));
    // Then each thread's group consumer is a static member of its own, with the short session
    assertThat(streams.getMainConsumerConfigs("crisisline-routing", "client", 0))
        .containsEntry("group.instance.id", "routing-1-routing-0")
        .containsEntry("session.timeout.ms", 10_000).containsEntry("heartbeat.interval.ms", 3_000);
    assertThat(streams.getMainConsumerConfigs("crisisline-routing", "client", 1))
        .containsEntry("group.instance.id", "routing-1-routing-1");
    // And the restore and global consumers, which join no group, do not carry it
    assertThat(streams.getRestoreConsumerConfigs("client")).doesNotContainKey("group.instance.id");
    assertThat(streams.getGlobalConsumerConfigs("client")).doesNotContainKey("group.instance.id");
    // And without an instance id the members stay dynamic, with the same short session
    assertThat(new StreamsConfig(RoutingTopology.streamsConfig(RoutingConfig.fromEnv(Map.of())))
        .getMainConsumerConfigs("crisisline-routing", "client", 0))
        .doesNotContainKey("group.instance.id").containsEntry("session.timeout.ms", 10_000);
  }

  @Test
  void thePolicyFileOverridesTheClasspathDefaultsKeyByKey(@TempDir Path dir) throws IOException {
    // Given a policy file that changes the HIGH offer timeout and changes a backup region
    Path file = dir.resolve("policy.properties");
    Files.writeString(file, "offer.timeout.HIGH=45\nbackup.east=south\n");
    RoutingConfig c = RoutingConfig.fromEnv(Map.of("CRISISLINE_ROUTING_POLICY", file.toString()));
    // When it is loaded
    RoutingPolicy p = RoutingPolicy.load(c.policyPath());
    // Then those keys change and the rest keep their defaults
    assertThat(p.offerTimeout(Urgency.HIGH)).isEqualTo(Duration.ofSeconds(45));
    assertThat(p.offerTimeout(Urgency.IMMINENT_RISK)).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.backupRegion("east")).contains("south");
    assertThat(p.backupRegion("north")).contains("south");
    assertThat(p.poolFor(Urgency.IMMINENT_RISK, Need.REFERRAL)).isEqualTo("HOTLINE_COUNSELLOR");
    assertThat(p.poolFor(Urgency.LOW, Need.PEER_SUPPORT)).isEqualTo("PEER_SPECIALIST");
    assertThat(RoutingPolicy.load(Optional.empty()).offerTimeout(Urgency.HIGH)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void routingRefusesToStartWhenCrisislineRegionsDisagreesWithThePolicy() {
    // Given an environment naming a region the policy does not serve
    RoutingConfig c = RoutingConfig.fromEnv(Map.of("CRISISLINE_REGIONS", "north,south,east,west"));
    // When the policy is read for start-up, Then it stops, naming both keys
    org.assertj.core.api.Assertions.assertThatThrownBy(c::policy)
        .hasMessageContaining("CRISISLINE_REGIONS=north,south,east,west")
        .hasMessageContaining("'regions'");
    assertThat(RoutingConfig.fromEnv(Map.of("CRISISLINE_REGIONS", "south,north,east")).policy().regions())
        .containsExactly("north", "south", "east");
  }
}

package org.crisisline.notifier.takeover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.crisisline.events.GroupMembership;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * After a notifier is killed (kill -9: no leave-group, no more heartbeats), how long until its
 * successor holds the offers partitions again, on a real broker. Pages wait exactly that long.
 */
@ExtendWith(RealKafka.class)
class NotifierTakeoverTest {
  private static final Duration PAGES_RESUME_WITHIN = Duration.ofSeconds(10);

  @BeforeAll
  static void topics() {
    RealKafka.createTopics();
  }

  @Test
  void aRestartedNotifierWithItsInstanceIdHoldsTheOffersPartitionsWithinTenSecondsOfAKill() throws Exception {
    // Given a notifier with the default membership and its instance id (static membership), killed -9
    GroupMembership membership = GroupMembership.DEFAULTS.withInstanceId("notifier-" + UUID.randomUUID());
    // When it restarts under the same instance id
    Duration takeover = killAndTakeOver("classic", membership, membership);
    // Then its successor holds the partitions well within the bound
    assertThat(takeover).isLessThan(PAGES_RESUME_WITHIN);
  }

  @Test
  void anotherNotifierTakesOverAKilledOneWithinTheShortSession() throws Exception {
    // Given a notifier without an instance id (dynamic membership, the default), killed -9
    GroupMembership membership = GroupMembership.DEFAULTS;
    // When another member joins the group
    Duration takeover = killAndTakeOver("classic", membership, membership);
    // Then it holds the partitions once the dead member's 10 s session ran out, not after 45 s
    assertThat(takeover).isLessThan(membership.sessionTimeout().plusSeconds(5));
  }

  /**
   * The comparison behind the defaults (minutes: the slow variants wait out 45 s sessions). Run with
   * {@code -Dcrisisline.takeover.measure=true}; writes {@code target/takeover.txt}.
   */
  @Test
  @EnabledIfSystemProperty(named = "crisisline.takeover.measure", matches = "true")
  void measureEveryMembershipOption() throws Exception {
    List<String> lines = new ArrayList<>();
    GroupMembership dynamic = GroupMembership.DEFAULTS;
    GroupMembership old = new GroupMembership(null, Duration.ofSeconds(45), Duration.ofSeconds(3));
    measure(lines, "classic, dynamic, session 45 s (Kafka's default)", "classic", old, old);
    measure(lines, "classic, dynamic, session 10 s", "classic", dynamic, dynamic);
    GroupMembership fixed = GroupMembership.DEFAULTS.withInstanceId("m-" + UUID.randomUUID());
    measure(lines, "classic, static (same instance id), session 10 s", "classic", fixed, fixed);
    measure(lines, "consumer protocol, dynamic", "consumer", dynamic, dynamic);
    GroupMembership fixed2 = GroupMembership.DEFAULTS.withInstanceId("m-" + UUID.randomUUID());
    measure(lines, "consumer protocol, static (same instance id)", "consumer", fixed2, fixed2);
    Files.write(Path.of("target/takeover.txt"), lines);
    lines.forEach(System.out::println);
  }

  private void measure(List<String> lines, String name, String protocol, GroupMembership dead,
      GroupMembership successor) throws Exception {
    Duration d = killAndTakeOver(protocol, dead, successor);
    lines.add(String.format("%-55s %6.1f s", name, d.toMillis() / 1000.0));
  }

  /** Starts a member in its own process, kill -9s it, and times a successor's first assignment. */
  private Duration killAndTakeOver(String protocol, GroupMembership dead, GroupMembership successor) throws Exception {
    String group = "takeover-" + UUID.randomUUID();
    Process member = start(group, protocol, dead);
    AtomicBoolean assigned = new AtomicBoolean();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(member.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith("ASSIGNED")) {
            assigned.set(true);
          }
        }
      } catch (java.io.IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      await().atMost(Duration.ofSeconds(60)).untilTrue(assigned);
    } finally {
      member.destroyForcibly().waitFor();
    }
    long killed = System.nanoTime();
    long deadline = killed + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      try (KafkaConsumer<byte[], byte[]> next = new KafkaConsumer<>(
          GroupMember.properties(RealKafka.bootstrapServers(), group, protocol, successor),
          new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        next.subscribe(List.of(Topics.OFFERS.name(), Topics.ALERTS.name()));
        while (System.nanoTime() < deadline) {
          next.poll(Duration.ofMillis(100));
          Set<TopicPartition> held = next.assignment();
          if (!held.isEmpty()) {
            return Duration.ofNanos(System.nanoTime() - killed);
          }
        }
      } catch (KafkaException refused) {
        // The consumer protocol refuses a static successor while its dead predecessor holds the id.
        System.out.println("successor refused: " + refused.getClass().getSimpleName() + " " + refused.getMessage());
      }
    }
    throw new AssertionError("no successor held the partitions within 120 s");
  }

  private static Process start(String group, String protocol, GroupMembership membership) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
        GroupMember.class.getName(), RealKafka.bootstrapServers(), group, protocol,
        membership.instanceId() == null ? "-" : membership.instanceId(),
        Long.toString(membership.sessionTimeout().toMillis()), Long.toString(membership.heartbeat().toMillis()));
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    return pb.start();
  }
}

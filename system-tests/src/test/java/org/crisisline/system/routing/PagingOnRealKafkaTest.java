package org.crisisline.system.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.AlertAckRequested;
import org.crisisline.events.AlertAcknowledged;
import org.crisisline.events.AlertEvent;
import org.crisisline.events.AlertPaged;
import org.crisisline.events.AlertRaised;
import org.crisisline.events.AlertVia;
import org.crisisline.events.Channel;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.ScheduleSaved;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.events.oncall.Handoff;
import org.crisisline.events.oncall.Rotation;
import org.crisisline.events.oncall.Schedule;
import org.crisisline.kafkalocal.RealKafka;
import org.crisisline.routing.RoutingApp;
import org.crisisline.routing.RoutingConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Paging on a real broker: the on-call schedule comes from the compacted {@code oncall-schedules}
 * topic (a global store), an IMMINENT_RISK request nobody can take pages at once, the alert's step
 * timer survives a restart on an empty state directory (restored from the changelogs) and pages
 * the next pass exactly once, and an SMS acknowledgement stops paging.
 */
@ExtendWith(RealKafka.class)
class PagingOnRealKafkaTest {
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String region = "paging-" + run;
  private final String schedule = "night-" + run;
  private RoutingApp app;

  @AfterEach
  void tearDown() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void anUnplaceableImminentRiskRequestPagesAtOnceKeepsPagingAcrossARestartAndStopsWhenAcknowledged()
      throws IOException {
    RealKafka.createTopics();
    Path policy = Files.createTempFile("routing-policy-", ".properties");
    Files.writeString(policy, "page.steps=" + schedule + "\npage.ack.timeout=12\npage.repeat=2\n"
        + "sla.IMMINENT_RISK=3600\n");
    RoutingConfig config = RoutingConfig.local(RealKafka.bootstrapServers(), Files.createTempDirectory("paging-a-"))
        .withApplicationId("routing-paging-" + run).withPolicyPath(policy);
    // Given an on-call schedule with sup-dana on call now, and routing running
    Rotation rotation = new Rotation(List.of("sup-dana-" + run), 1, Handoff.DAILY,
        LocalTime.MIDNIGHT, null, Instant.now().minus(Duration.ofHours(1)));
    send(Topics.ONCALL_SCHEDULES, schedule, new ScheduleSaved(Ids.newId(), Instant.now(), 1,
        new Schedule(schedule, "Night desk", "UTC", rotation, List.of())));
    app = RoutingApp.start(config);

    // When an IMMINENT_RISK request arrives in a region with no counsellor at all
    Instant logged = Instant.now();
    send(Topics.HELP_REQUESTS, requestId(), new HelpRequestLogged(Ids.newId(), logged, requestId(), Channel.PHONE,
        Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING, null, "en", region, "97201", AgeGroup.ADULT, List.of(),
        null, null, false, "staff"));

    // Then the person on call is paged within seconds (well before the 12 s step)
    await().atMost(Duration.ofSeconds(20)).until(() -> pages().size() == 1);
    AlertPaged first = pages().get(0);
    assertThat(first.userId()).isEqualTo("sup-dana-" + run);
    assertThat(first.attempt()).isEqualTo(1);

    // When routing stops and starts again on an empty state directory before the step times out
    app.close();
    app = RoutingApp.start(new RoutingConfig(config.bootstrapServers(), config.applicationId(),
        Files.createTempDirectory("paging-b-"), 0, 1, 1, config.policyPath(), config.startTimeout()));

    // Then the restored step timer pages the second pass, once
    await().atMost(Duration.ofSeconds(40)).until(() -> pages().size() == 2);
    assertThat(pages().get(1).attempt()).isEqualTo(2);
    assertThat(pages().get(1).alertId()).isEqualTo(first.alertId());

    // When the paged supervisor replies ACK by SMS
    send(Topics.SMS_ALERT_ACKS, requestId(), new AlertAckRequested(Ids.newId(), Instant.now(), first.alertId(),
        requestId(), first.userId(), AlertVia.SMS));

    // Then the alert is acknowledged once, and nobody is paged again after another step's worth of time
    await().atMost(Duration.ofSeconds(20)).until(() -> alerts().stream().anyMatch(AlertAcknowledged.class::isInstance));
    await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(20)).until(() -> pages().size() == 2);
    assertThat(alerts()).filteredOn(AlertRaised.class::isInstance).hasSize(1);
    assertThat(alerts()).filteredOn(AlertAcknowledged.class::isInstance).hasSize(1);
  }

  private String requestId() {
    return "req-" + run;
  }

  private List<AlertPaged> pages() {
    return alerts().stream().filter(AlertPaged.class::isInstance).map(AlertPaged.class::cast).toList();
  }

  private List<AlertEvent> alerts() {
    return read(Topics.ALERTS).stream().filter(a -> a.requestId().equals(requestId())).toList();
  }

  private <V> void send(Topic<String, V> topic, String key, V value) {
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers",
        RealKafka.bootstrapServers(), "acks", "all", "enable.idempotence", "true"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      p.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
          topic.valueSerde().serializer().serialize(topic.name(), value))).get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot produce to " + topic.name(), e);
    }
  }

  /** Everything committed on {@code topic} so far (read_committed: routing writes under exactly-once). */
  private <V> List<V> read(Topic<String, V> topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
        RealKafka.bootstrapServers(), "isolation.level", "read_committed", "enable.auto.commit", "false"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(topic.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
      List<V> out = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 10_000;
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))
          && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() != null) {
            out.add(topic.valueSerde().deserializer().deserialize(topic.name(), r.value()));
          }
        }
      }
      return out;
    }
  }
}

package org.crisisline.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.Channel;
import org.crisisline.events.Contact;
import org.crisisline.events.DeclineReason;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.Disposition;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.OfferAccepted;
import org.crisisline.events.OfferDeclined;
import org.crisisline.events.OfferEvent;
import org.crisisline.events.OfferMade;
import org.crisisline.events.QueueSnapshot;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.ResponderStatusChanged;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.kafkalocal.RealKafka;
import org.crisisline.routing.RoutingApp;
import org.crisisline.routing.RoutingConfig;
import org.crisisline.routing.market.RoutingPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Record a stretch of routing on a real broker, then replay the recording through the simulator
 * with the same policy and the recorded responder behaviour: the replayed decisions (who was offered
 * what, in which order) are the recorded ones.
 */
@ExtendWith(RealKafka.class)
class RecordReplayTest {
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String region = "rec-" + run;
  private final List<OfferMade> offers = new ArrayList<>();

  @Test
  void aRecordedStretchReplaysToTheSameOffersInTheSameOrder(@TempDir Path tmp) throws Exception {
    RealKafka.createTopics();
    Instant from = Instant.now();
    try (RoutingApp routing = RoutingApp.start(RoutingConfig.local(RealKafka.bootstrapServers(), tmp.resolve("data"))
        .withApplicationId("simulator-record-" + run));
        KafkaProducer<byte[], byte[]> producer = producer();
        KafkaConsumer<String, OfferEvent> offerReader = reader(Topics.OFFERS);
        KafkaConsumer<String, QueueSnapshot> snapshotReader = reader(Topics.QUEUE_SNAPSHOTS)) {
      int[] lastAvailable = {0};
      // Given two counsellors on in a region of their own, one after the other (routing has seen the
      // first before the second comes on: who waited longest is then a fact, not a race between topics)
      String a = "a-" + run;
      String b = "b-" + run;
      int available = 0;
      for (String id : List.of(a, b)) {
        send(producer, Topics.RESPONDERS, id, new ResponderProfile(Ids.newId(), Instant.now(), id, id,
            ResponderKind.HOTLINE_COUNSELLOR, region, List.of("en"), List.of(), 1,
            new Contact(null, id + "@example.org"), List.of(DeliveryChannel.EMAIL), true));
        send(producer, Topics.RESPONDER_STATUS, id, new ResponderStatusChanged(Ids.newId(), Instant.now(), id,
            ResponderStatus.AVAILABLE, "on shift", id));
        int expected = ++available;
        await().atMost(Duration.ofSeconds(60)).until(() -> {
          snapshotReader.poll(Duration.ofMillis(100)).forEach(r -> {
            if (r.value() != null && (region + "/HOTLINE_COUNSELLOR").equals(r.value().poolId())) {
              lastAvailable[0] = r.value().respondersByStatus().getOrDefault(ResponderStatus.AVAILABLE, 0);
            }
          });
          return lastAvailable[0] >= expected;
        });
      }
      // When a first request is declined by whoever gets it and accepted by the other,
      String r1 = log(producer, "r1");
      OfferMade first = awaitOffer(offerReader, r1, 1);
      send(producer, Topics.OFFER_ANSWERS, r1, new OfferDeclined(Ids.newId(), Instant.now(), r1, first.offerId(),
          first.responderId(), DeclineReason.BUSY, null, AnswerVia.API));
      OfferMade second = awaitOffer(offerReader, r1, 2);
      accept(producer, second);
      // a second request goes to the first one, a third waits until a counsellor completes
      String r2 = log(producer, "r2");
      OfferMade third = awaitOffer(offerReader, r2, 1);
      accept(producer, third);
      String r3 = log(producer, "r3");
      complete(producer, second);
      OfferMade fourth = awaitOffer(offerReader, r3, 1);
      accept(producer, fourth);
      complete(producer, third);
      complete(producer, fourth);
    }
    Instant to = Instant.now().plusSeconds(1);
    List<String> recorded = offers.stream().map(o -> o.requestId() + "→" + o.responderId()).toList();
    assertThat(recorded).hasSize(4);

    // And the stretch is recorded and replayed with the same (default) policy
    Path day = tmp.resolve("day.jsonl");
    new Recorder(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealKafka.bootstrapServers())).record(from, to, day);
    String text = Files.readString(day);
    assertThat(text).doesNotContain("example.org", "@");
    DayFile file = DayFile.read(day);
    Outcomes replay = new Simulator(RoutingPolicy.defaults(), 1, line -> { }).run(file.scenario(1));

    // Then routing, replayed, made the same offers to the same people in the same order
    List<String> replayed = replay.offers().stream()
        .filter(o -> o.requestId().startsWith(run))
        .map(o -> o.requestId() + "→" + o.responderId()).toList();
    assertThat(replayed).isEqualTo(recorded);
    assertThat(replay.requests()).allSatisfy(r -> assertThat(r.accepted()).isTrue());
  }

  private String log(KafkaProducer<byte[], byte[]> p, String name) {
    String id = run + "-" + name;
    send(p, Topics.HELP_REQUESTS, id, new HelpRequestLogged(Ids.newId(), Instant.now(), id, Channel.PHONE,
        Urgency.MODERATE, Need.CRISIS_COUNSELLING, null, "en", region, "97201", AgeGroup.ADULT, List.of(), null, null,
        false, "staff"));
    return id;
  }

  private void accept(KafkaProducer<byte[], byte[]> p, OfferMade o) {
    send(p, Topics.OFFER_ANSWERS, o.requestId(), new OfferAccepted(Ids.newId(), Instant.now(), o.requestId(),
        o.offerId(), o.responderId(), AnswerVia.API));
  }

  private void complete(KafkaProducer<byte[], byte[]> p, OfferMade o) {
    send(p, Topics.OFFER_ANSWERS, o.requestId(), new RequestCompleted(Ids.newId(), Instant.now(), o.requestId(),
        o.responderId(), Disposition.SUPPORTED_DE_ESCALATED, null));
  }

  private OfferMade awaitOffer(KafkaConsumer<String, OfferEvent> reader, String requestId, int attempt) {
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      reader.poll(Duration.ofMillis(100)).forEach(r -> {
        if (r.value() instanceof OfferMade o && region.equals(o.region())) {
          offers.add(o);
        }
      });
      return offers.stream().anyMatch(o -> o.requestId().equals(requestId) && o.attempt() == attempt);
    });
    return offers.stream().filter(o -> o.requestId().equals(requestId) && o.attempt() == attempt).findFirst()
        .orElseThrow();
  }

  private static <V> void send(KafkaProducer<byte[], byte[]> p, Topic<String, V> t, String key, V value) {
    try {
      p.send(new ProducerRecord<>(t.name(), t.keySerde().serializer().serialize(t.name(), key),
          t.valueSerde().serializer().serialize(t.name(), value))).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealKafka.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArraySerializer.class);
    return new KafkaProducer<>(p);
  }

  private static <V> KafkaConsumer<String, V> reader(Topic<String, V> topic) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealKafka.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, V> c = new KafkaConsumer<>(p, new StringDeserializer(), topic.valueSerde().deserializer());
    List<TopicPartition> parts = c.partitionsFor(topic.name()).stream()
        .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    c.assign(parts);
    c.seekToEnd(parts);
    parts.forEach(c::position);
    return c;
  }
}

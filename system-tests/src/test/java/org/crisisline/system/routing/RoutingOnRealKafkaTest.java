package org.crisisline.system.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import org.crisisline.events.DeclineReason;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.Channel;
import org.crisisline.events.Contact;
import org.crisisline.events.DeadLetters;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.OfferAccepted;
import org.crisisline.events.OfferDeclined;
import org.crisisline.events.OfferEvent;
import org.crisisline.events.OfferMade;
import org.crisisline.events.OfferRescinded;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.ResponderStatusChanged;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.routing.RoutingApp;
import org.crisisline.routing.RoutingConfig;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * routing-streams against a real broker. A poison record goes to dead-letters and the stream
 * carries on. Routing stopped mid-flow and started again (on a fresh state directory, so its stores come
 * back from their changelogs) keeps its outstanding offers and timers: an answer given while it
 * was down is applied, a timeout that falls due after the restart fires, and no decision is
 * made twice or lost.
 */
@ExtendWith(RealKafka.class)
class RoutingOnRealKafkaTest {
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String region = "restart-" + run;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private RoutingApp app;

  @AfterEach
  void tearDown() throws Exception {
    if (app != null) {
      app.close();
    }
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  @Test
  void outstandingOffersAndTimersSurviveARestartAndNoDecisionIsRepeatedOrLost() throws IOException {
    RealKafka.createTopics();
    Path policy = Files.createTempFile("routing-policy-", ".properties");
    Files.writeString(policy, "offer.timeout.HIGH=15\nsla.HIGH=3600\n");
    RoutingConfig config = RoutingConfig.local(RealKafka.bootstrapServers(), Files.createTempDirectory("routing-a-"))
        .withApplicationId("routing-restart-" + run).withPolicyPath(policy);
    // Given three available counsellors in a region of their own, and routing running
    app = RoutingApp.start(config);
    assertThat(get("/ready")).contains("\"ready\":true");
    assertThat(get("/health")).contains("UP");
    for (int i = 1; i <= 3; i++) {
      responder(id("r" + i));
    }
    // When three HIGH requests arrive, each is offered to one of them
    for (String r : List.of("A", "B", "C")) {
      send(Topics.HELP_REQUESTS, id(r), request(id(r)));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> offersMade().size() == 3);
    OfferMade a = offerFor("A");
    OfferMade b = offerFor("B");
    OfferMade c = offerFor("C");
    // And A is accepted
    send(Topics.OFFER_ANSWERS, id("A"), new OfferAccepted(Ids.newId(), Instant.now(), id("A"), a.offerId(),
        a.responderId(), AnswerVia.API));
    await().atMost(Duration.ofSeconds(15)).until(() -> statuses(id("A")).contains(RequestStatus.ACCEPTED));

    // When routing stops, B's offer is declined and D arrives while it is down,
    // and it restarts on an empty state directory
    app.close();
    app = null;
    send(Topics.OFFER_ANSWERS, id("B"), new OfferDeclined(Ids.newId(), Instant.now(), id("B"), b.offerId(),
        b.responderId(), DeclineReason.BUSY, null, AnswerVia.LINK));
    send(Topics.HELP_REQUESTS, id("D"), request(id("D")));
    app = RoutingApp.start(new RoutingConfig(config.bootstrapServers(), config.applicationId(),
        Files.createTempDirectory("routing-b-"), 0, 1, 1, config.policyPath(), config.startTimeout()));

    // Then the decline is applied: D goes to B's decliner (free again), B waits (nobody else can take it)
    await().atMost(Duration.ofSeconds(30)).until(() -> offersFor("D").size() == 1);
    assertThat(offersFor("D").get(0).responderId()).isEqualTo(b.responderId());
    assertThat(rescinds(b.offerId())).hasSize(1);
    // And C's timeout, due after the restart, fires once from the restored timer store
    await().atMost(Duration.ofSeconds(45)).until(() -> rescinds(c.offerId()).size() == 1);
    assertThat(rescinds(c.offerId()).get(0).reason()).contains("timed out");
    // And nothing is repeated: one offer each for A, B and C, one acceptance of A
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
        offersFor("A").size() == 1 && offersFor("B").size() == 1 && offersFor("C").size() == 1
            && offersFor("D").size() == 1 && rescinds(c.offerId()).size() == 1);
    assertThat(statuses(id("A")).stream().filter(s -> s == RequestStatus.ACCEPTED)).hasSize(1);
    assertThat(statuses(id("A"))).containsExactly(RequestStatus.QUEUED, RequestStatus.OFFERED, RequestStatus.ACCEPTED);
    assertThat(statuses(id("C"))).containsExactly(RequestStatus.QUEUED, RequestStatus.OFFERED, RequestStatus.QUEUED);
    assertThat(get("/metrics")).contains("crisisline_routing_offers_total{event=\"made\"}").contains("state=\"RUNNING\"} 1")
        // Early commits are paced by the stream thread's own commit metrics, which this Streams version names as
        // EarlyCommit expects (were they not found, no commit would ever be paced)
        .containsPattern("crisisline_routing_early_commits_total\\{reason=\"paced\"} [1-9]");
  }

  private String get(String path) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("GET %s", path).isEqualTo(200);
      return r.body();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aPoisonRecordGoesToDeadLettersWithItsReasonAndRoutingCarriesOn() throws IOException {
    RealKafka.createTopics();
    app = RoutingApp.start(RoutingConfig.local(RealKafka.bootstrapServers(), Files.createTempDirectory("routing-p-"))
        .withApplicationId("routing-poison-" + run));
    // Given a record on help-requests that is not JSON, then a good request and a counsellor
    String badKey = "poison-" + run;
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers",
        RealKafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
      p.send(new ProducerRecord<>(Topics.HELP_REQUESTS.name(), badKey.getBytes(StandardCharsets.UTF_8),
          "{not json".getBytes(StandardCharsets.UTF_8))).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    responder(id("r1"));
    send(Topics.HELP_REQUESTS, id("A"), request(id("A")));
    // Then the poison record is in dead-letters with its bytes and the reason in headers
    await().atMost(Duration.ofSeconds(30)).until(() -> deadLetter(badKey) != null);
    ConsumerRecord<byte[], byte[]> dead = deadLetter(badKey);
    assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    assertThat(DeadLetters.header(dead.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.HELP_REQUESTS.name());
    assertThat(DeadLetters.header(dead.headers(), DeadLetters.REASON)).contains("malformed JSON");
    // And the good request after it is routed
    await().atMost(Duration.ofSeconds(30)).until(() -> offersFor("A").size() == 1);
  }

  private ConsumerRecord<byte[], byte[]> deadLetter(String key) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
        RealKafka.bootstrapServers(), "isolation.level", "read_committed", "enable.auto.commit", "false"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(Topics.DEAD_LETTERS.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
      long deadline = System.currentTimeMillis() + 10_000;
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))
          && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
            return r;
          }
        }
      }
      return null;
    }
  }

  // ---- fixtures ----

  private String id(String name) {
    return name + "-" + run;
  }

  private void responder(String id) {
    send(Topics.RESPONDERS, id, new ResponderProfile(Ids.newId(), Instant.now(), id, id,
        ResponderKind.HOTLINE_COUNSELLOR, region, List.of("en"), List.of(), 1, new Contact(null, id + "@example.org"),
        List.of(DeliveryChannel.EMAIL), true));
    send(Topics.RESPONDER_STATUS, id, new ResponderStatusChanged(Ids.newId(), Instant.now(), id,
        ResponderStatus.AVAILABLE, "shift", id));
  }

  private HelpRequestLogged request(String id) {
    return new HelpRequestLogged(Ids.newId(), Instant.now(), id, Channel.PHONE, Urgency.HIGH,
        Need.CRISIS_COUNSELLING, null, "en", region, "97201", AgeGroup.ADULT, List.of(), null, null, false, "staff");
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

  private List<OfferEvent> offerEvents() {
    return read(Topics.OFFERS).stream().filter(o -> o.requestId().endsWith("-" + run)).toList();
  }

  private List<OfferMade> offersMade() {
    return offerEvents().stream().filter(OfferMade.class::isInstance).map(OfferMade.class::cast).toList();
  }

  private List<OfferMade> offersFor(String name) {
    return offersMade().stream().filter(o -> o.requestId().equals(id(name))).toList();
  }

  private OfferMade offerFor(String name) {
    List<OfferMade> o = offersFor(name);
    assertThat(o).as("offers for %s", name).hasSize(1);
    return o.get(0);
  }

  private List<OfferRescinded> rescinds(String offerId) {
    return offerEvents().stream().filter(OfferRescinded.class::isInstance).map(OfferRescinded.class::cast)
        .filter(r -> r.offerId().equals(offerId)).toList();
  }

  private List<RequestStatus> statuses(String requestId) {
    return read(Topics.REQUEST_STATUS).stream().filter(s -> s.requestId().equals(requestId))
        .filter(s -> !s.isRejectedAnswer())
        .map(RequestStatusChanged::status).toList();
  }
}

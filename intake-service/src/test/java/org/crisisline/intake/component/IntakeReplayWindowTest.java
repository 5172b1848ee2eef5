package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crisisline.intake.component.IntakeFixture.callAt;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.crisisline.events.Channel;
import org.crisisline.events.FollowUpOrigin;
import org.crisisline.events.FollowUpScheduled;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.intake.IntakeApp;
import org.crisisline.intake.IntakeConfig;
import org.crisisline.kafkalocal.EmbeddedKafka;
import org.crisisline.kafkalocal.TopicAdmin;
import org.crisisline.records.RealPostgres;
import org.crisisline.records.RecordsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A restart with a month of history behind the replay window: intake with a records database reads
 * the request topics only from its lookback (counted on /metrics), answers older requests by id from
 * the database, and still holds whole, in memory, the two kinds of old request it must: one still
 * open (its statuses kept coming) and a finished one with a follow-up months ahead. Its own broker,
 * so that the month-old records lie before every recent one in each partition, as in production.
 */
class IntakeReplayWindowTest {
  private static final int OLD_REQUESTS = 200;
  private static final Instant MONTH_AGO = Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String LONG_OPEN = "long-" + RUN;
  private static final String FOLLOWED = "followed-" + RUN;
  private static final String FOLLOW_UP = "fu-" + RUN;
  private static final Instant FOLLOW_UP_DUE = Instant.now().plus(Duration.ofDays(200)).truncatedTo(ChronoUnit.SECONDS);
  private static EmbeddedKafka kafka;
  private static IntakeConfig config;
  private static RecordsConfig database;
  private static IntakeApp app;
  private static String base;

  @BeforeAll
  static void historyThenRestart() {
    kafka = EmbeddedKafka.startSingleNode();
    try (TopicAdmin admin = new TopicAdmin(kafka.bootstrapServers())) {
      admin.ensureTopics(TopicAdmin.Layout.LOCAL);
    }
    // Given a month-old history, stamped when it happened: finished requests, one request logged then
    // and still open, and one finished then with a follow-up added for 200 days ahead
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
        kafka.bootstrapServers(), "acks", "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < OLD_REQUESTS; i++) {
        finished(producer, old(i), MONTH_AGO.plusSeconds(i), false);
      }
      send(producer, Topics.HELP_REQUESTS, LONG_OPEN, logged(LONG_OPEN, MONTH_AGO, false));
      send(producer, Topics.REQUEST_STATUS, LONG_OPEN, status(LONG_OPEN, MONTH_AGO.plusSeconds(60), RequestStatus.ACCEPTED));
      finished(producer, FOLLOWED, MONTH_AGO, true);
      send(producer, Topics.FOLLOW_UPS, FOLLOWED, new FollowUpScheduled(Ids.newId(), MONTH_AGO.plusSeconds(900),
          FOLLOWED, FOLLOW_UP, 4, 1, FOLLOW_UP_DUE, "north", "en", FollowUpOrigin.ADDED, null, "staff"));
      // and, an hour ago, the open request was offered again
      send(producer, Topics.REQUEST_STATUS, LONG_OPEN,
          status(LONG_OPEN, Instant.now().minus(Duration.ofHours(1)), RequestStatus.OFFERED));
    }
    config = IntakeConfig.fromEnv(IntakeConfig.withRandomSecrets(Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
            "CRISISLINE_HTTP_PORT", "0",
            "CRISISLINE_DEMO_PASSWORD", IntakeFixture.PASSWORD,
            "CRISISLINE_PII_KEY", IntakeFixture.KEYRING,
            "CRISISLINE_INTAKE_CLIENT_ID", "intake-replay-" + RUN)))
        .withRegions(Set.of("north", "south"))
        .withRatePerMinute(1_000_000);
    database = RealPostgres.newDatabase();
    // The first start fills the new records database from the topics
    app = IntakeApp.start(config, database);
    base = "http://localhost:" + app.port();
    String staff = login("staff");
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(callAt(base, "GET", "/api/v1/requests/" + old(OLD_REQUESTS - 1), staff, null).status()).isEqualTo(200);
      var open = callAt(base, "GET", "/api/v1/requests/" + LONG_OPEN, staff, null);
      assertThat(open.status()).isEqualTo(200);
      assertThat(open.json().path("status").asText()).isEqualTo("OFFERED");
      assertThat(callAt(base, "GET", "/api/v1/requests/" + FOLLOWED, staff, null).status()).isEqualTo(200);
      // and, the new database caught up, the old requests intake needs whole are put back in memory then
      assertThat(callAt(base, "GET", "/api/v1/requests/" + FOLLOWED + "/followups", staff, null).status()).isEqualTo(200);
    });
    // When intake restarts on the same topics and database
    app.close();
    app = IntakeApp.start(config, database);
    base = "http://localhost:" + app.port();
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void theRestartReadsOnlyTheLookbackOfTheRequestTopics() {
    String metrics = callAt(base, "GET", "/metrics", null, null).body();
    // Then none of the month-old requests, statuses or answers was fetched: only the one recent status
    assertThat(replayed(metrics, Topics.HELP_REQUESTS)).isZero();
    assertThat(replayed(metrics, Topics.OFFER_ANSWERS)).isZero();
    assertThat(replayed(metrics, Topics.REQUEST_STATUS)).isEqualTo(1);
    // while the follow-ups, which can be due a year ahead, are read further back
    assertThat(replayed(metrics, Topics.FOLLOW_UPS)).isEqualTo(1);
  }

  @Test
  void oldRequestsAreStillAnsweredByIdFromTheRecordsDatabase() {
    String staff = login("staff");
    for (int i : new int[] {0, OLD_REQUESTS / 2, OLD_REQUESTS - 1}) {
      var r = callAt(base, "GET", "/api/v1/requests/" + old(i), staff, null);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().path("status").asText()).isEqualTo("COMPLETED");
      assertThat(r.json().path("timeline")).hasSize(2);
      assertThat(Instant.parse(r.json().path("loggedAt").asText())).isEqualTo(MONTH_AGO.plusSeconds(i));
    }
  }

  @Test
  void aRequestOpenSinceBeforeTheLookbackIsStillLiveWithItsWholeTimeline() {
    String staff = login("staff");
    var r = callAt(base, "GET", "/api/v1/requests/" + LONG_OPEN, staff, null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("status").asText()).isEqualTo("OFFERED");
    assertThat(Instant.parse(r.json().path("loggedAt").asText())).isEqualTo(MONTH_AGO);
    assertThat(r.json().path("timeline")).extracting(t -> t.path("status").asText()).containsExactly("ACCEPTED", "OFFERED");
    // In memory, so it can still be acted on (a request only in the database answers 409 here)
    var cancel = callAt(base, "POST", "/api/v1/requests/" + LONG_OPEN + "/cancel", staff, "{\"reason\":\"DUPLICATE\"}");
    assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
  }

  @Test
  void aFollowUpMonthsAheadOfAnOldRequestIsStillListedOnIt() {
    var r = callAt(base, "GET", "/api/v1/requests/" + FOLLOWED + "/followups", login("staff"), null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().path("consentToContact").asBoolean()).isTrue();
    assertThat(r.json().path("followUps")).hasSize(1);
    assertThat(r.json().path("followUps").get(0).path("followUpId").asText()).isEqualTo(FOLLOW_UP);
    assertThat(Instant.parse(r.json().path("followUps").get(0).path("dueAt").asText())).isEqualTo(FOLLOW_UP_DUE);
  }

  private static String old(int i) {
    return "old-" + RUN + "-" + i;
  }

  private static long replayed(String metrics, Topic<?, ?> topic) {
    Matcher m = Pattern.compile("(?m)^crisisline_views_replayed_records_total\\{topic=\"" + Pattern.quote(topic.name())
        + "\"[^}]*\\} ([0-9.E]+)$").matcher(metrics);
    assertThat(m.find()).as("metric for " + topic.name() + " in\n" + metrics).isTrue();
    return (long) Double.parseDouble(m.group(1));
  }

  private static void finished(KafkaProducer<byte[], byte[]> producer, String id, Instant at, boolean consent) {
    send(producer, Topics.HELP_REQUESTS, id, logged(id, at, consent));
    send(producer, Topics.REQUEST_STATUS, id, status(id, at.plusSeconds(30), RequestStatus.ACCEPTED));
    send(producer, Topics.REQUEST_STATUS, id, status(id, at.plusSeconds(600), RequestStatus.COMPLETED));
  }

  private static HelpRequestLogged logged(String id, Instant at, boolean consent) {
    return new HelpRequestLogged(Ids.newId(), at, id, Channel.PHONE, Urgency.HIGH, Need.CRISIS_COUNSELLING, null,
        "en", "north", null, null, List.of(), null, null, consent, "staff");
  }

  private static RequestStatusChanged status(String id, Instant at, RequestStatus s) {
    return new RequestStatusChanged(Ids.newId(), at, id, s, "test routing", null, "r-" + RUN, null, "north",
        Urgency.HIGH, Need.CRISIS_COUNSELLING, StatusKind.TRANSITION, null, "0123456789ab");
  }

  /** Written as its writer would have, stamped with the event's own time. */
  private static <V extends org.crisisline.events.Event> void send(KafkaProducer<byte[], byte[]> producer,
      Topic<String, ? super V> topic, String key, V value) {
    try {
      producer.send(new ProducerRecord<>(topic.name(), null, value.occurredAt().toEpochMilli(),
          topic.keySerde().serializer().serialize(topic.name(), key),
          topic.valueSerde().serializer().serialize(topic.name(), value))).get();
    } catch (Exception e) {
      throw new AssertionError("send to " + topic + " failed", e);
    }
  }

  private static String login(String username) {
    var r = callAt(base, "POST", "/api/v1/session", null,
        "{\"username\":\"" + username + "\",\"password\":\"" + IntakeFixture.password(username) + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("token").asText();
  }
}

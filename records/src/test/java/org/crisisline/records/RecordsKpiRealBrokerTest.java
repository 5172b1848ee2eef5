package org.crisisline.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.crisisline.events.AlertAcknowledged;
import org.crisisline.events.AlertRaised;
import org.crisisline.events.Channel;
import org.crisisline.events.Disposition;
import org.crisisline.events.EscalationStep;
import org.crisisline.events.Event;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.KafkaClientSecurity;
import org.crisisline.events.Need;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.RiskScreen;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.kafkalocal.RealKafka;
import org.crisisline.records.domain.Interval;
import org.crisisline.records.domain.KpiBucket;
import org.crisisline.records.domain.KpiCsv;
import org.crisisline.records.domain.Kpis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The read model on a real broker and a real PostgreSQL: a known mix of contacts (accepted fast,
 * accepted late, cancelled before acceptance, cancelled after it, expired with an acknowledged alert,
 * rolled over) is written to
 * the topics — every event twice, as a producer retry or a replay would — and every KPI and the CSV
 * are checked; then the aggregation restarts (from its stored offsets), then replays from the start
 * of the topics (offsets wiped), and reports the very same numbers.
 */
@ExtendWith(RealKafka.class)
class RecordsKpiRealBrokerTest {
  private static final Kpis KPIS = new Kpis(u -> Duration.ofSeconds(u == Urgency.HIGH ? 300 : 900));

  @Test
  void aKnownMixGivesKnownNumbersThroughRestartsAndReplays() throws Exception {
    RealKafka.createTopics();
    RecordsConfig config = RealPostgres.newDatabase();
    // Two hours ago, on the hour, in a region of its own so other tests' records do not count
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
    String north = "kpi-n-" + UUID.randomUUID().toString().substring(0, 6);
    String south = "kpi-s-" + UUID.randomUUID().toString().substring(0, 6);
    List<Sent> mix = new ArrayList<>();
    // accepted fast (20 s), completed HIGH risk with a safety plan
    String fast = logged(mix, t0.plusSeconds(60), north, Urgency.HIGH);
    status(mix, fast, t0.plusSeconds(80), RequestStatus.ACCEPTED, StatusKind.TRANSITION, null, north);
    mix.add(new Sent(Topics.OFFER_ANSWERS, fast, new RequestCompleted(Ids.newId(), t0.plusSeconds(900), fast, "r-1",
        Disposition.SAFETY_PLAN_MADE, null, new RiskScreen(true, true, true, true, false, false, false), null, true,
        false)));
    status(mix, fast, t0.plusSeconds(901), RequestStatus.COMPLETED, StatusKind.TRANSITION, null, north);
    // accepted late (400 s > the 300 s SLA of HIGH), logged at 00:59, accepted in the next hour
    String late = logged(mix, t0.plusSeconds(59 * 60), north, Urgency.HIGH);
    status(mix, late, t0.plusSeconds(59 * 60 + 305), RequestStatus.ESCALATED, StatusKind.ESCALATION,
        EscalationStep.SPECIALTY_RELAXED, north);
    status(mix, late, t0.plusSeconds(59 * 60 + 400), RequestStatus.ACCEPTED, StatusKind.TRANSITION, null, north);
    // cancelled before acceptance: abandoned
    String gaveUp = logged(mix, t0.plusSeconds(120), north, Urgency.MODERATE);
    status(mix, gaveUp, t0.plusSeconds(200), RequestStatus.CANCELLED, StatusKind.TRANSITION, null, north);
    // accepted (MODERATE, 100 s) then cancelled: not abandoned
    String cancelledLater = logged(mix, t0.plusSeconds(130), north, Urgency.MODERATE);
    status(mix, cancelledLater, t0.plusSeconds(230), RequestStatus.ACCEPTED, StatusKind.TRANSITION, null, north);
    status(mix, cancelledLater, t0.plusSeconds(260), RequestStatus.CANCELLED, StatusKind.TRANSITION, null, north);
    // expired
    String expired = logged(mix, t0.plusSeconds(140), north, Urgency.HIGH);
    status(mix, expired, t0.plusSeconds(1800), RequestStatus.EXPIRED, StatusKind.TRANSITION, null, north);
    // (and its alert was raised and acknowledged: paging)
    String alertId = Ids.newId();
    mix.add(new Sent(Topics.ALERTS, expired, new AlertRaised(Ids.newId(), t0.plusSeconds(200), alertId, "K7", expired,
        north, Urgency.HIGH, null, t0.plusSeconds(140))));
    mix.add(new Sent(Topics.ALERTS, expired, new AlertAcknowledged(Ids.newId(), t0.plusSeconds(260), alertId, expired,
        "supervisor", null)));
    // rolled over from south to north, accepted there after 700 s (HIGH: late)
    String rolled = logged(mix, t0.plusSeconds(150), south, Urgency.HIGH);
    status(mix, rolled, t0.plusSeconds(460), RequestStatus.ESCALATED, StatusKind.ESCALATION,
        EscalationStep.ROLLED_OVER, north);
    status(mix, rolled, t0.plusSeconds(850), RequestStatus.ACCEPTED, StatusKind.TRANSITION, null, north);
    // a rejected answer repeats a status: it is not an acceptance
    String rejected = logged(mix, t0.plusSeconds(160), south, Urgency.LOW);
    status(mix, rejected, t0.plusSeconds(170), RequestStatus.ACCEPTED, StatusKind.ANSWER_REJECTED, null, south);

    // When every event is written twice (status events first: the topics are read side by side)
    send(mix);
    send(mix);
    int expectedEvents = mix.size();
    Records records = Records.start(config, RealKafka.bootstrapServers(), "kpi-" + UUID.randomUUID(),
        KafkaClientSecurity.NONE, Clock.systemUTC());
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> records.projector().caughtUp() && count(records) == 7);
      assertThat(records.projector().applied()).isGreaterThanOrEqualTo(expectedEvents);
      checkNumbers(records, t0, north, south);
    } finally {
      records.close();
    }
    // Then a restarted aggregation resumes from its stored offsets and reports the same
    Records restarted = Records.start(config, RealKafka.bootstrapServers(), "kpi-" + UUID.randomUUID(),
        KafkaClientSecurity.NONE, Clock.systemUTC());
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> restarted.projector().caughtUp());
      assertThat(restarted.projector().applied()).isZero();
      checkNumbers(restarted, t0, north, south);
    } finally {
      restarted.close();
    }
    // And a replay from the start of the topics (offsets lost) applies nothing twice
    try (Connection c = restarted.db().connection(); Statement s = c.createStatement()) {
      s.execute("DELETE FROM topic_offsets");
    }
    Records replayed = Records.start(config, RealKafka.bootstrapServers(), "kpi-" + UUID.randomUUID(),
        KafkaClientSecurity.NONE, Clock.systemUTC());
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> replayed.projector().caughtUp());
      checkNumbers(replayed, t0, north, south);
    } finally {
      replayed.close();
    }
  }

  private static void checkNumbers(Records records, Instant t0, String north, String south) throws Exception {
    Instant from = t0;
    Instant to = t0.plus(Duration.ofHours(2));
    List<KpiBucket> all = KPIS.compute(records.queries().contacts(from, to, north), from, to, Interval.HOUR, false);
    assertThat(all).hasSize(2);
    KpiBucket first = all.get(0);
    // north, first hour: fast, late, gaveUp, cancelledLater, expired
    assertThat(first.logged()).isEqualTo(5);
    assertThat(first.accepted()).isEqualTo(3);
    assertThat(first.answerRate()).isEqualTo(0.6);
    assertThat(first.answeredWithinSla()).isEqualTo(2);
    assertThat(first.answeredWithinSlaShare()).isEqualTo(0.4);
    assertThat(first.speedToAnswer().mean()).isEqualTo(173.333);
    assertThat(first.speedToAnswer().p50()).isEqualTo(100.0);
    assertThat(first.speedToAnswer().p90()).isEqualTo(400.0);
    assertThat(first.abandoned()).isEqualTo(1);
    assertThat(first.expired()).isEqualTo(1);
    assertThat(first.rolledOver()).isZero();
    assertThat(first.escalated()).isEqualTo(1);
    assertThat(first.alertsRaised()).isEqualTo(1);
    assertThat(first.alertsAcknowledged()).isEqualTo(1);
    assertThat(first.completed()).isEqualTo(1);
    assertThat(first.dispositions()).isEqualTo(Map.of("SAFETY_PLAN_MADE", 1));
    assertThat(first.riskLevels()).isEqualTo(Map.of("HIGH", 1));
    assertThat(all.get(1).logged()).isZero();
    // south (home region of the rolled-over one and the rejected answer), per region
    List<KpiBucket> southBuckets =
        KPIS.compute(records.queries().contacts(from, to, south), from, to, Interval.DAY, true);
    assertThat(southBuckets).isNotEmpty().allMatch(b -> south.equals(b.region()));
    KpiBucket s = southBuckets.stream().filter(b -> b.logged() > 0).findFirst().orElseThrow();
    assertThat(s.region()).isEqualTo(south);
    assertThat(s.logged()).isEqualTo(2);
    assertThat(s.accepted()).isEqualTo(1);
    assertThat(s.rolledOver()).isEqualTo(1);
    assertThat(s.answeredWithinSla()).isZero();
    assertThat(s.speedToAnswer().mean()).isEqualTo(700.0);
    // and the CSV says the same
    String[] csv = KpiCsv.of(all).split("\r\n");
    assertThat(csv).hasSize(3);
    assertThat(csv[1]).startsWith(t0 + "," + t0.plusSeconds(3600) + ",,5,3,0.6,2,0.4,173.333,100.0,400.0,1,1,0,1,1,1,1,0,");
  }

  private static int count(Records records) throws Exception {
    try (Connection c = records.db().connection(); Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT count(*) FROM contacts WHERE logged_at IS NOT NULL AND request_id LIKE 'kpi-%'"
            + " AND (region LIKE 'kpi-%')")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private record Sent(Topic<String, ? extends Event> topic, String key, Event value) {}

  private static String logged(List<Sent> mix, Instant at, String region, Urgency urgency) {
    String id = "kpi-" + UUID.randomUUID();
    mix.add(new Sent(Topics.HELP_REQUESTS, id, new HelpRequestLogged(Ids.newId(), at, id, Channel.PHONE, urgency,
        Need.CRISIS_COUNSELLING, null, "en", region, null, null, List.of(), null, null, false, "staff")));
    return id;
  }

  private static void status(List<Sent> mix, String id, Instant at, RequestStatus s, StatusKind kind,
      EscalationStep step, String region) {
    mix.add(new Sent(Topics.REQUEST_STATUS, id, new RequestStatusChanged(Ids.newId(), at, id, s, "test", null,
        s == RequestStatus.ACCEPTED ? "r-1" : null, null, region, Urgency.HIGH, Need.CRISIS_COUNSELLING, kind, step,
        "0123456789ab")));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void send(List<Sent> mix) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealKafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<Sent> statusFirst = new ArrayList<>(mix);
      statusFirst.sort((a, b) -> Boolean.compare(a.topic() == Topics.HELP_REQUESTS, b.topic() == Topics.HELP_REQUESTS));
      for (Sent s : statusFirst) {
        Topic topic = s.topic();
        byte[] value = topic.valueSerde().serializer().serialize(topic.name(), s.value());
        producer.send(new ProducerRecord<>(topic.name(), s.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
            value));
      }
      producer.flush();
    }
  }
}

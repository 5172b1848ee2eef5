package org.crisisline.records.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.Channel;
import org.crisisline.events.Disposition;
import org.crisisline.events.Event;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.KafkaClientSecurity;
import org.crisisline.events.Need;
import org.crisisline.events.OfferAccepted;
import org.crisisline.events.OfferMade;
import org.crisisline.events.PiiCipher;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.kafkalocal.RealKafka;
import org.crisisline.records.RealPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How fast the projector rebuilds the read model from history: N completed requests written to a
 * real broker as the history bench writes them (7 records a request, 6 of them on the projector's
 * topics, one transactional producer), then a projector on an empty PostgreSQL timed from start
 * until its stored offsets reach the end of every topic it reads. Prints records/s: a measure, not
 * a timed assertion. What it asserts is the result: every request's row, final status, wrap-up and
 * timeline. N = {@code -Drecords.throughput.requests} (default 1,000, small enough for every build):
 * <pre>
 * mvn -o -pl records -am verify -Dtest=ContactProjectorThroughputTest -Dsurefire.failIfNoSpecifiedTests=false \
 *   -DskipITs -Dcrisisline.test.broker=embedded -Drecords.throughput.requests=100000
 * </pre>
 */
@ExtendWith(RealKafka.class)
class ContactProjectorThroughputTest {
  private static final int PER_TRANSACTION = 10_000;
  private static final PiiCipher CIPHER = PiiCipher.fromKeyring(PiiCipher.generateKeyring("t1"));

  @Test
  void projectsAHistoryOfCompletedRequestsAndSaysHowFast() throws Exception {
    int n = Integer.getInteger("records.throughput.requests", 1_000);
    RealKafka.createTopics();
    String region = "throughput-" + UUID.randomUUID().toString().substring(0, 8);
    Map<TopicPartition, Long> start = ends();
    long loadStart = System.nanoTime();
    load(n, region);
    double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
    Map<TopicPartition, Long> end = ends();
    long records = end.entrySet().stream().mapToLong(e -> e.getValue() - start.getOrDefault(e.getKey(), 0L)).sum();
    RecordsDb db = RecordsDb.connect(RealPostgres.newDatabase()).migrate();
    long t0 = System.nanoTime();
    try (ContactProjector projector = new ContactProjector(db, RealKafka.bootstrapServers(),
        "throughput-" + UUID.randomUUID(), KafkaClientSecurity.NONE, Duration.ofDays(400), Clock.systemUTC()).start()) {
      try {
        await().atMost(Duration.ofSeconds(60 + n / 100)).pollInterval(Duration.ofMillis(100))
            .until(() -> projector.caughtUp() && reached(db, end));
      } finally {
        // Printed when it did not finish too: how far it got is the figure on a slow machine.
        double seconds = (System.nanoTime() - t0) / 1e9;
        long projected = projector.caughtUp() ? records : projected(db);
        System.out.printf("records projector: %,d requests, %,d of %,d records on its topics projected in %.1f s:"
            + " %,.0f records/s (history written in %.1f s)%n", n, projected, records, seconds, projected / seconds,
            loadSeconds);
      }
    }
    assertThat(count(db, "SELECT count(*) FROM contacts WHERE region = ? AND status = 'COMPLETED'"
        + " AND accepted_at IS NOT NULL AND completed_at IS NOT NULL AND disposition = 'SUPPORTED_DE_ESCALATED'"
        + " AND logged_at IS NOT NULL AND status_region = region", region)).isEqualTo(n);
    assertThat(count(db, "SELECT count(*) FROM contact_timeline t JOIN contacts k USING (request_id) WHERE k.region = ?",
        region)).isEqualTo(3L * n);
  }

  private static void load(int n, String region) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealKafka.bootstrapServers());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "records-throughput-" + UUID.randomUUID());
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    Instant first = Instant.now().minus(Duration.ofDays(365));
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      for (int i = 0; i < n; i++) {
        if (i % PER_TRANSACTION == 0) {
          producer.beginTransaction();
        }
        String requestId = Ids.newId();
        for (Map.Entry<Topic<String, ? extends Event>, Event> r : request(requestId, region, i,
            first.plusSeconds(i * 30L))) {
          producer.send(new ProducerRecord<>(r.getKey().name(), requestId, bytes(r.getKey(), r.getValue())));
        }
        if (i % PER_TRANSACTION == PER_TRANSACTION - 1 || i == n - 1) {
          producer.commitTransaction();
        }
      }
    }
  }

  /** The records of one completed request, in the order intake and routing write them. */
  private static List<Map.Entry<Topic<String, ? extends Event>, Event>> request(String requestId, String region,
      int i, Instant logged) {
    Urgency urgency = Urgency.values()[i % Urgency.values().length];
    Need need = Need.CRISIS_COUNSELLING;
    String offerId = Ids.newId();
    String responder = "throughput-" + (i % 500);
    Instant offered = logged.plusMillis(80);
    Instant accepted = offered.plusSeconds(40);
    Instant completed = accepted.plus(Duration.ofMinutes(25));
    String contact = "{\"phone\":\"+1555" + String.format("%07d", i) + "\",\"email\":null,\"consentToContact\":false}";
    return List.of(
        Map.entry(Topics.HELP_REQUESTS, new HelpRequestLogged(Ids.newId(), logged, requestId, Channel.PHONE, urgency,
            need, null, "en", region, "97201", AgeGroup.ADULT, List.of(),
            CIPHER.seal("summary", requestId, "Caller in distress after a job loss, wants to talk tonight."),
            CIPHER.seal("callerContact", requestId, contact), false, "staff")),
        Map.entry(Topics.OFFERS, new OfferMade(Ids.newId(), offered, requestId, offerId, Ids.offerCode(), responder,
            null, 1, offered.plusSeconds(120), urgency, need, null, "en", region)),
        Map.entry(Topics.REQUEST_STATUS, status(offered, requestId, RequestStatus.OFFERED, offerId, responder, region,
            urgency, need)),
        Map.entry(Topics.OFFER_ANSWERS, new OfferAccepted(Ids.newId(), accepted, requestId, offerId, responder,
            AnswerVia.API)),
        Map.entry(Topics.REQUEST_STATUS, status(accepted.plusMillis(30), requestId, RequestStatus.ACCEPTED, offerId,
            responder, region, urgency, need)),
        Map.entry(Topics.OFFER_ANSWERS, new RequestCompleted(Ids.newId(), completed, requestId, responder,
            Disposition.SUPPORTED_DE_ESCALATED,
            CIPHER.seal(RequestCompleted.NOTE_FIELD, requestId, "Talked it through; agreed a plan for tomorrow."))),
        Map.entry(Topics.REQUEST_STATUS, status(completed.plusMillis(30), requestId, RequestStatus.COMPLETED, offerId,
            responder, region, urgency, need)));
  }

  private static RequestStatusChanged status(Instant at, String requestId, RequestStatus status, String offerId,
      String responder, String region, Urgency urgency, Need need) {
    return new RequestStatusChanged(Ids.newId(), at, requestId, status, null, offerId, responder, null, region, urgency,
        need, null, null, "throughput");
  }

  @SuppressWarnings("unchecked")
  private static byte[] bytes(Topic<String, ? extends Event> topic, Event event) {
    return ((Topic<String, Event>) topic).valueSerde().serializer().serialize(topic.name(), event);
  }

  /** The end offsets of the projector's topics (what it has to read). */
  private static Map<TopicPartition, Long> ends() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealKafka.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = ContactProjector.SOURCES.stream()
          .flatMap(t -> c.partitionsFor(t.name()).stream().map(i -> new TopicPartition(i.topic(), i.partition())))
          .toList();
      return new HashMap<>(c.endOffsets(partitions));
    }
  }

  private static boolean reached(RecordsDb db, Map<TopicPartition, Long> end) throws Exception {
    Map<TopicPartition, Long> stored = new HashMap<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT topic, partition, next_offset FROM topic_offsets");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        stored.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
      }
    }
    // A transaction's commit marker takes the last offset of a partition and is never handed out as a record.
    return end.entrySet().stream().allMatch(e -> stored.getOrDefault(e.getKey(), 0L) >= e.getValue() - 1);
  }

  /** Next offsets stored, summed: how far it got (each commit marker short). */
  private static long projected(RecordsDb db) throws Exception {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT COALESCE(sum(next_offset), 0) FROM topic_offsets");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long count(RecordsDb db, String sql, String region) throws Exception {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, region);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}

package org.crisisline.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.Channel;
import org.crisisline.events.DataKeys;
import org.crisisline.events.Disposition;
import org.crisisline.events.Event;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
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

/**
 * History for {@code ./crisisline bench --history N}: N completed requests written to the topics as
 * intake and routing write them in production — the request's own data key, wrapped by the
 * deployment's keyring (data-keys), the request logged (help-requests, PII sealed under that data
 * key), routing's offer (offers) and OFFERED, the responder's accept (offer-answers) and ACCEPTED,
 * the responder's completion with a sealed note (offer-answers) and COMPLETED (request-status):
 * 8 records per request, all keyed by requestId. Requests end between
 * {@code oldest} and {@code newest} ago, evenly spread, so they are all history (older than intake's
 * recent window), the newest last as in a real log.
 *
 * <p>Written in bulk by one idempotent producer, each record stamped with its event's time, and not
 * in transactions: a transaction's commit marker is stamped when it is written, so a year written
 * in minutes would put a marker stamped "now" after the first transaction, and a look-up by time
 * ({@code offsetsForTimes}, how a restarted intake finds its lookback) would land on it and read
 * everything after. Live writers commit their markers when they write their records, so a year of
 * their log indexes by time like this one.
 */
final class HistoryLoader {
  static final int RECORDS_PER_REQUEST = 8;
  private static final Urgency[] URGENCIES = {Urgency.HIGH, Urgency.MODERATE, Urgency.LOW, Urgency.IMMINENT_RISK};

  /** Seals each request under its own data key, as intake does (none is kept: nothing here opens them). */
  private final DataKeys cipher;
  private final String region;
  private final java.util.concurrent.atomic.AtomicReference<Exception> failure =
      new java.util.concurrent.atomic.AtomicReference<>();
  private final Instant now;
  private final Duration oldest;
  private final Duration newest;

  HistoryLoader(PiiCipher cipher, String region, Instant now, Duration oldest, Duration newest) {
    this.cipher = new DataKeys(cipher, requestId -> java.util.Optional.empty(), 16);
    this.region = region;
    this.now = now;
    this.oldest = oldest;
    this.newest = newest;
  }

  /** One record as it goes to Kafka: topic, key (requestId) and event. */
  record Written(Topic<String, ? extends Event> topic, String key, Event event) {}

  /** The records of the {@code i}-th of {@code n} requests, in the order production writes them. */
  List<Written> request(long i, long n) {
    long span = oldest.minus(newest).toMillis();
    Instant logged = now.minus(oldest).plusMillis(n <= 1 ? 0 : span * i / (n - 1));
    String requestId = Ids.newId();
    String offerId = Ids.newId();
    String responder = "bench-history-" + (i % 500);
    Urgency urgency = URGENCIES[(int) (i % URGENCIES.length)];
    Need need = Need.CRISIS_COUNSELLING;
    String contact = "{\"phone\":\"+1555" + String.format("%07d", i % 10_000_000) + "\",\"email\":null,"
        + "\"consentToContact\":false}";
    org.crisisline.events.DataKeyWrapped dataKey = cipher.create(requestId, logged);
    HelpRequestLogged logged1 = new HelpRequestLogged(Ids.newId(), logged, requestId, Channel.PHONE, urgency, need,
        null, "en", region, "97201", AgeGroup.ADULT, List.of(),
        cipher.seal("summary", requestId, "Caller in distress after a job loss, wants to talk tonight."),
        cipher.seal("callerContact", requestId, contact), false, "staff");
    Instant offered = logged.plusMillis(80);
    Instant accepted = offered.plusSeconds(40);
    Instant completed = accepted.plus(Duration.ofMinutes(25));
    List<Written> out = new ArrayList<>(RECORDS_PER_REQUEST);
    out.add(new Written(Topics.DATA_KEYS, requestId, dataKey));
    out.add(new Written(Topics.HELP_REQUESTS, requestId, logged1));
    out.add(new Written(Topics.OFFERS, requestId, new OfferMade(Ids.newId(), offered, requestId, offerId,
        Ids.offerCode(), responder, null, 1, offered.plusSeconds(120), urgency, need, null, "en", region)));
    out.add(status(offered, requestId, RequestStatus.OFFERED, offerId, responder, urgency, need));
    out.add(new Written(Topics.OFFER_ANSWERS, requestId,
        new OfferAccepted(Ids.newId(), accepted, requestId, offerId, responder, AnswerVia.API)));
    out.add(status(accepted.plusMillis(30), requestId, RequestStatus.ACCEPTED, offerId, responder, urgency, need));
    out.add(new Written(Topics.OFFER_ANSWERS, requestId, new RequestCompleted(Ids.newId(), completed, requestId,
        responder, Disposition.SUPPORTED_DE_ESCALATED,
        cipher.seal(RequestCompleted.NOTE_FIELD, requestId, "Talked it through; agreed a plan for tomorrow."))));
    out.add(status(completed.plusMillis(30), requestId, RequestStatus.COMPLETED, offerId, responder, urgency, need));
    return out;
  }

  private Written status(Instant at, String requestId, RequestStatus status, String offerId, String responder,
      Urgency urgency, Need need) {
    return new Written(Topics.REQUEST_STATUS, requestId, new RequestStatusChanged(Ids.newId(), at, requestId, status,
        null, offerId, responder, null, region, urgency, need, null, null, "bench-history"));
  }

  /** Writes {@code n} requests (acks=all, idempotent); returns records written. */
  long load(String bootstrap, long n) {
    return load(bootstrap, n, w -> { });
  }

  /** The same, handing each record written to {@code seen} (tests keep the ids). */
  long load(String bootstrap, long n, java.util.function.Consumer<Written> seen) {
    if (n == 0) {
      return 0;
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // One request in flight per partition: the topics were created a moment ago, and a batch retried
    // after NOT_LEADER_OR_FOLLOWER behind others already written is refused as out of sequence for ever.
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    Map<Topic<String, ? extends Event>, org.apache.kafka.common.serialization.Serializer<Object>> serializers =
        new java.util.HashMap<>();
    long written = 0;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
        new ByteArraySerializer())) {
      for (long i = 0; i < n; i++) {
        for (Written w : request(i, n)) {
          byte[] value = serializers.computeIfAbsent(w.topic(), HistoryLoader::serializer)
              .serialize(w.topic().name(), w.event());
          // Stamped when it happened, as its writer would have: a restarted intake reads only its lookback.
          producer.send(new ProducerRecord<>(w.topic().name(), null, w.event().occurredAt().toEpochMilli(), w.key(),
              value), (meta, e) -> {
                if (e != null) {
                  failure.compareAndSet(null, e);
                }
              });
          seen.accept(w);
          written++;
        }
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("history not written", failure.get());
    }
    return written;
  }

  @SuppressWarnings("unchecked")
  private static org.apache.kafka.common.serialization.Serializer<Object> serializer(
      Topic<String, ? extends Event> topic) {
    return (org.apache.kafka.common.serialization.Serializer<Object>) (org.apache.kafka.common.serialization.Serializer<?>)
        topic.valueSerde().serializer();
  }
}

package org.crisisline.intake.kafka;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.crisisline.events.EscalationStep;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.KafkaClientSecurity;
import org.crisisline.events.RequestEvent;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Topics;
import org.crisisline.intake.view.FollowUpView;
import org.crisisline.intake.view.RequestView;
import org.crisisline.records.Records;
import org.crisisline.records.db.RecordsQueries;
import org.crisisline.records.domain.ArchivedRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a replay that began at a time ({@link ReplayWindow}), the few requests that must be in
 * memory but were logged before it: requests still open whose statuses kept coming (the view holds
 * them from those statuses only) and finished requests with follow-ups still to come. Each comes
 * back from the records database (its logged time and full status history, by event id) and its
 * logged record (sealed fields as intake wrote them) from {@code help-requests} around that time,
 * a few minutes of the topic, not the years before.
 */
public final class OldRoots {
  private static final Logger LOG = LoggerFactory.getLogger(OldRoots.class);
  /** Record time against the event's time (the writer's clock, its retries): where to look. */
  static final Duration AROUND = Duration.ofMinutes(10);

  private OldRoots() {}

  /**
   * Restores the requests the views need and do not hold whole. Those the database does not hold
   * yet (a new database still filling from the topics) are tried again once its projector caught up.
   */
  public static void restore(RequestView requests, FollowUpView followUps, Records records,
      String bootstrapServers, String clientId, KafkaClientSecurity security) {
    Set<String> ids = new LinkedHashSet<>(requests.openWithoutRoot());
    followUps.withOpen().stream().filter(id -> requests.get(id).isEmpty()).forEach(ids::add);
    if (ids.isEmpty()) {
      return;
    }
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    security.applyTo(p);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-old-roots");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    Set<String> missing = restore(ids, requests, records.queries(), p);
    if (missing.isEmpty() || records.projector().caughtUp()) {
      return;
    }
    Thread later = new Thread(() -> {
      try {
        while (!records.projector().caughtUp()) {
          Thread.sleep(1000);
        }
        restore(missing.stream().filter(id -> requests.get(id).isEmpty()).collect(java.util.stream.Collectors
            .toCollection(LinkedHashSet::new)), requests, records.queries(), p);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, clientId + "-old-roots");
    later.setDaemon(true);
    later.start();
  }

  /** Restores these ids; returns those not found. */
  private static Set<String> restore(Set<String> ids, RequestView requests, RecordsQueries records, Properties p) {
    Set<String> missing = new LinkedHashSet<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      for (String id : ids) {
        try {
          Optional<ArchivedRequest> archived = records.request(id);
          HelpRequestLogged logged = archived.map(a -> find(consumer, id, a.loggedAt())).orElse(null);
          if (logged == null) {
            missing.add(id);
            continue;
          }
          requests.restore(logged, history(archived.get()));
        } catch (SQLException e) {
          missing.add(id);
          LOG.warn("request {} could not be read from the records database: {}", id, e.getClass().getSimpleName());
        }
      }
    }
    LOG.info("{} of {} requests logged before the replay window restored; not (yet) in the records database"
        + " or around their time on help-requests: {}", ids.size() - missing.size(), ids.size(), missing);
    return missing;
  }

  /** The request's logged record, read from every partition of help-requests around its time. */
  private static HelpRequestLogged find(KafkaConsumer<byte[], byte[]> consumer, String requestId, Instant at) {
    if (at == null) {
      return null;
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo i : consumer.partitionsFor(Topics.HELP_REQUESTS.name(), Duration.ofSeconds(10))) {
      partitions.add(new TopicPartition(i.topic(), i.partition()));
    }
    consumer.assign(partitions);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    Map<TopicPartition, Long> from = new HashMap<>();
    partitions.forEach(tp -> from.put(tp, at.minus(AROUND).toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(from);
    Set<TopicPartition> open = new HashSet<>();
    for (TopicPartition tp : partitions) {
      OffsetAndTimestamp s = starts.get(tp);
      if (s != null) {
        consumer.seek(tp, s.offset());
        open.add(tp);
      }
    }
    long until = at.plus(AROUND).toEpochMilli();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    byte[] key = Topics.HELP_REQUESTS.keySerde().serializer().serialize(Topics.HELP_REQUESTS.name(), requestId);
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (r.timestamp() > until) {
          open.remove(tp);
        } else if (open.contains(tp) && java.util.Arrays.equals(key, r.key()) && r.value() != null) {
          RequestEvent e = Topics.HELP_REQUESTS.valueSerde().deserializer().deserialize(r.topic(), r.value());
          if (e instanceof HelpRequestLogged logged && requestId.equals(logged.requestId())) {
            return logged;
          }
        }
      }
      open.removeIf(tp -> consumer.position(tp) >= ends.get(tp));
    }
    return null;
  }

  /** The database's timeline as the status events it was built from (same ids, so none is applied twice). */
  private static List<RequestStatusChanged> history(ArchivedRequest a) {
    List<RequestStatusChanged> out = new ArrayList<>();
    for (ArchivedRequest.Step s : a.timeline()) {
      RequestStatus status = value(RequestStatus.class, s.status());
      if (status == null || s.eventId() == null) {
        continue;
      }
      out.add(new RequestStatusChanged(s.eventId(), s.at(), a.requestId(), status, s.reason(), s.offerId(),
          s.responderId(), s.serviceId(), a.region(), null, null, value(StatusKind.class, s.kind()),
          value(EscalationStep.class, s.escalationStep()), s.policyVersion()));
    }
    return out;
  }

  private static <E extends Enum<E>> E value(Class<E> type, String name) {
    try {
      return name == null ? null : Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}

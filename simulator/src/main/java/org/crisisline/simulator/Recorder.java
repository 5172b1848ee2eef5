package org.crisisline.simulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.crisisline.events.AnswerEvent;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.OfferAccepted;
import org.crisisline.events.OfferDeclined;
import org.crisisline.events.OfferEvent;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RequestCancelled;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestEvent;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.ResponderStatusChanged;
import org.crisisline.events.SmsReplyReceived;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;

/**
 * Exports what routing consumed and decided between two instants ({@value DayLine#FORMAT}): the
 * requests, cancellations, answers (API, link and SMS), responder profiles and their declared
 * statuses, and routing's offers. Profiles and statuses are read from the start of their topics, so
 * the recording opens with who existed and how they stood at {@code from}. Codes and ids only.
 */
final class Recorder {
  private static final Duration POLL = Duration.ofMillis(200);
  private static final List<String> ORDER = List.of("profile", "status", "request", "offer", "answer", "cancel");

  private final Map<String, Object> clientProps;

  Recorder(Map<String, Object> clientProps) {
    this.clientProps = clientProps;
  }

  /** Writes the recording of [from, to) to {@code out}; returns how many lines it holds after the header. */
  int record(Instant from, Instant to, Path out) throws IOException {
    List<DayLine> lines = new ArrayList<>();
    Map<String, DayLine> profileAtStart = new HashMap<>();
    Map<String, DayLine> statusAtStart = new HashMap<>();
    for (ResponderProfile p : read(Topics.RESPONDERS)) {
      DayLine d = DayLine.profile(max(p.occurredAt(), from), p.responderId(), p.kind().name(), p.region(),
          p.languages(), p.specialties(), p.capacity(), p.active());
      if (p.occurredAt().isBefore(from)) {
        profileAtStart.put(p.responderId(), d);
      } else if (p.occurredAt().isBefore(to)) {
        lines.add(d);
      }
    }
    for (ResponderStatusChanged s : read(Topics.RESPONDER_STATUS)) {
      DayLine d = DayLine.status(max(s.occurredAt(), from), s.responderId(), s.status().name());
      if (s.occurredAt().isBefore(from)) {
        statusAtStart.put(s.responderId(), d);
      } else if (s.occurredAt().isBefore(to)) {
        lines.add(d);
      }
    }
    lines.addAll(profileAtStart.values());
    lines.addAll(statusAtStart.values());
    for (RequestEvent e : read(Topics.HELP_REQUESTS)) {
      if (inWindow(e.occurredAt(), from, to)) {
        lines.add(request(e));
      }
    }
    for (AnswerEvent a : read(Topics.OFFER_ANSWERS)) {
      if (inWindow(a.occurredAt(), from, to) && answer(a) != null) {
        lines.add(answer(a));
      }
    }
    for (SmsReplyReceived r : read(Topics.SMS_REPLIES)) {
      if (inWindow(r.occurredAt(), from, to) && answer(r.toAnswer()) != null) {
        lines.add(answer(r.toAnswer()));
      }
    }
    for (OfferEvent o : read(Topics.OFFERS)) {
      if (o instanceof OfferMade m && inWindow(m.occurredAt(), from, to)) {
        lines.add(DayLine.offer(m.occurredAt(), m.requestId(), m.responderId(), m.serviceId(), m.region(),
            m.attempt()));
      }
    }
    lines.sort(Comparator.comparing(DayLine::at).thenComparing(d -> ORDER.indexOf(d.type())));
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      w.write(DayFile.JSON.writeValueAsString(new DayLine.Header(DayLine.FORMAT, from, to)));
      w.newLine();
      for (DayLine d : lines) {
        w.write(DayFile.JSON.writeValueAsString(d));
        w.newLine();
      }
    }
    return lines.size();
  }

  private static DayLine request(RequestEvent e) {
    if (e instanceof HelpRequestLogged h) {
      return DayLine.request(h.occurredAt(), h.requestId(), h.serviceId(), h.urgency().name(), h.need().name(),
          h.referralKind() == null ? null : h.referralKind().name(), h.language(), h.region(),
          h.ageGroup() == null ? null : h.ageGroup().name(), h.specialties(), h.parentRequestId());
    }
    RequestCancelled c = (RequestCancelled) e;
    return DayLine.cancel(c.occurredAt(), c.requestId(), c.reasonCode() == null ? null : c.reasonCode().name());
  }

  /** An answer line, or null for answers routing's responders model does not use (a service's). */
  private static DayLine answer(AnswerEvent a) {
    String kind;
    String responder;
    String code = null;
    if (a instanceof OfferAccepted x) {
      kind = "ACCEPTED";
      responder = x.responderId();
    } else if (a instanceof OfferDeclined x) {
      kind = "DECLINED";
      responder = x.responderId();
      code = x.reasonCode() == null ? null : x.reasonCode().name();
    } else if (a instanceof RequestCompleted x) {
      kind = "COMPLETED";
      responder = x.responderId();
      code = x.disposition() == null ? null : x.disposition().name();
    } else {
      return null;
    }
    return DayLine.answer(a.occurredAt(), a.requestId(), responder, kind, code);
  }

  private static boolean inWindow(Instant t, Instant from, Instant to) {
    return !t.isBefore(from) && t.isBefore(to);
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** Every value of a topic up to its end as of now, in partition order (deleted keys skipped). */
  private <V> List<V> read(Topic<String, V> topic) {
    Properties p = new Properties();
    p.putAll(clientProps);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<V> out = new ArrayList<>();
    try (KafkaConsumer<String, V> c = new KafkaConsumer<>(p, new StringDeserializer(),
        topic.valueSerde().deserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic.name()).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, V> r : c.poll(POLL)) {
          if (r.value() != null) {
            out.add(r.value());
          }
        }
      }
    }
    return out;
  }
}

package org.crisisline.notifier;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.crisisline.events.AlertAckRequested;
import org.crisisline.events.AnswerEvent;
import org.crisisline.events.ConsentWithdrawn;
import org.crisisline.events.SmsReplyReceived;
import org.crisisline.events.DeliveryEvent;
import org.crisisline.events.SendRecord;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;

/**
 * Collects, from the moment it is created, what the notifier writes: {@code deliveries},
 * {@code notifier-sends}, {@code offer-answers}, {@code sms-replies}, {@code alert-acks} and
 * {@code sms-alert-acks}, {@code consent-withdrawals} and {@code dead-letters} (read_committed, every
 * partition, no group).
 */
final class Tap implements AutoCloseable {
  final List<DeliveryEvent> deliveries = new CopyOnWriteArrayList<>();
  final List<SendRecord> ledger = new CopyOnWriteArrayList<>();
  /** What reached offer-answers: the notifier must never write there. */
  final List<AnswerEvent> answers = new CopyOnWriteArrayList<>();
  final List<SmsReplyReceived> smsReplies = new CopyOnWriteArrayList<>();
  final List<AlertAckRequested> smsAlertAcks = new CopyOnWriteArrayList<>();
  /** What reached alert-acks: the notifier must never write there. */
  final List<AlertAckRequested> alertAcks = new CopyOnWriteArrayList<>();
  final List<String> deadLetterKeys = new CopyOnWriteArrayList<>();
  final List<ConsentWithdrawn> withdrawals = new CopyOnWriteArrayList<>();
  /** Every key and value tapped, as text: what a search for a caller's number in clear looks through. */
  final List<String> raw = new CopyOnWriteArrayList<>();
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;

  Tap() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealKafka.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = new ArrayList<>();
    for (Topic<?, ?> t : List.of(Topics.DELIVERIES, Topics.NOTIFIER_SENDS, Topics.OFFER_ANSWERS, Topics.SMS_REPLIES,
        Topics.SMS_ALERT_ACKS, Topics.ALERT_ACKS, Topics.DEAD_LETTERS, Topics.CONSENT_WITHDRAWALS)) {
      consumer.partitionsFor(t.name()).forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
    }
    consumer.assign(parts);
    consumer.seekToEnd(parts);
    parts.forEach(consumer::position); // fix the start before anything is produced
    thread = new Thread(this::run, "notifier-test-tap");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        for (var r : consumer.poll(Duration.ofMillis(100))) {
          if (r.value() == null) {
            continue;
          }
          raw.add((r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8)) + " "
              + new String(r.value(), StandardCharsets.UTF_8));
          if (r.topic().equals(Topics.DELIVERIES.name())) {
            deliveries.add(Topics.DELIVERIES.valueSerde().deserializer().deserialize(r.topic(), r.value()));
          } else if (r.topic().equals(Topics.NOTIFIER_SENDS.name())) {
            ledger.add(Topics.NOTIFIER_SENDS.valueSerde().deserializer().deserialize(r.topic(), r.value()));
          } else if (r.topic().equals(Topics.OFFER_ANSWERS.name())) {
            answers.add(Topics.OFFER_ANSWERS.valueSerde().deserializer().deserialize(r.topic(), r.value()));
          } else if (r.topic().equals(Topics.SMS_REPLIES.name())) {
            smsReplies.add(Topics.SMS_REPLIES.valueSerde().deserializer().deserialize(r.topic(), r.value()));
          } else if (r.topic().equals(Topics.SMS_ALERT_ACKS.name())) {
            smsAlertAcks.add(Topics.SMS_ALERT_ACKS.valueSerde().deserializer().deserialize(r.topic(), r.value()));
          } else if (r.topic().equals(Topics.CONSENT_WITHDRAWALS.name())) {
            withdrawals.add(Topics.CONSENT_WITHDRAWALS.valueSerde().deserializer().deserialize(r.topic(), r.value()));
          } else if (r.topic().equals(Topics.ALERT_ACKS.name())) {
            alertAcks.add(Topics.ALERT_ACKS.valueSerde().deserializer().deserialize(r.topic(), r.value()));
          } else if (r.key() != null) {
            deadLetterKeys.add(new String(r.key(), StandardCharsets.UTF_8));
          }
        }
      }
    } catch (WakeupException done) {
      // closing
    } finally {
      consumer.close();
    }
  }

  <T extends DeliveryEvent> List<T> deliveries(Class<T> type, Predicate<T> filter) {
    return deliveries.stream().filter(type::isInstance).map(type::cast).filter(filter).toList();
  }

  /** The latest ledger record for (offerId, channel), or null. */
  SendRecord latest(String offerId, org.crisisline.events.DeliveryChannel channel) {
    SendRecord last = null;
    for (SendRecord r : ledger) {
      if (r.offerId().equals(offerId) && r.channel() == channel) {
        last = r;
      }
    }
    return last;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5_000);
  }
}

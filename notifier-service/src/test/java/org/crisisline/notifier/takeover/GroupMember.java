package org.crisisline.notifier.takeover;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.crisisline.events.GroupMembership;
import org.crisisline.events.KafkaClientSecurity;
import org.crisisline.events.Topics;
import org.crisisline.notifier.kafka.KafkaConnection;
import org.crisisline.notifier.kafka.OfferAndAlertConsumer;

/**
 * A member of the notifier's offers group with exactly the notifier consumer's settings
 * ({@link OfferAndAlertConsumer#properties}), run in a process of its own so that a test can
 * kill -9 it: {@code main(bootstrap, group, protocol, instanceId|-, sessionMs, heartbeatMs)} prints
 * {@code ASSIGNED <n>} once it holds partitions, then polls until killed.
 */
public final class GroupMember {
  private GroupMember() {}

  /** The notifier's consumer settings under the given group protocol and membership. */
  static Properties properties(String bootstrap, String group, String protocol, GroupMembership membership) {
    Properties p = OfferAndAlertConsumer.properties(
        new KafkaConnection(bootstrap, "takeover", KafkaClientSecurity.NONE), group, membership);
    p.put("group.protocol", protocol);
    if (protocol.equals("consumer")) {
      // Under the consumer protocol the session and heartbeat are the broker's settings.
      p.remove("session.timeout.ms");
      p.remove("heartbeat.interval.ms");
    }
    return p;
  }

  public static void main(String[] args) {
    GroupMembership membership = new GroupMembership(args[3].equals("-") ? null : args[3],
        Duration.ofMillis(Long.parseLong(args[4])), Duration.ofMillis(Long.parseLong(args[5])));
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties(args[0], args[1], args[2], membership),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.OFFERS.name(), Topics.ALERTS.name()), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          if (!partitions.isEmpty()) {
            System.out.println("ASSIGNED " + partitions.size());
            System.out.flush();
          }
        }
      });
      while (true) {
        consumer.poll(Duration.ofMillis(200));
      }
    }
  }
}

package org.crisisline.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka records the system wrote: the sum of the end offsets of every topic on the broker — contract
 * topics, routing's internal re-key and changelog topics — except the bench's own floor topics
 * and the floor topology's. Taken before and after a step (after its drain), divided by the
 * requests sent, it is the records per request. An end offset also counts transaction markers
 * (one per partition a transaction wrote to), which cost a write like any record.
 */
final class RecordCounter implements AutoCloseable {
  private final Admin admin;

  RecordCounter(String bootstrap) {
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  static boolean counted(String topic) {
    return !topic.startsWith("__") && !topic.startsWith("crisisline.bench-")
        && !topic.startsWith("crisisline-bench-");
  }

  /** The sum of the end offsets of every counted topic; -1 if the broker did not answer. */
  long total() {
    try {
      Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(false)).names().get().stream()
          .filter(RecordCounter::counted).collect(Collectors.toSet());
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin.describeTopics(topics).allTopicNames().get().forEach((name, d) -> d.partitions()
          .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
      return admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return -1;
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}

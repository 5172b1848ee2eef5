package org.crisisline.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
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
  /** How long nothing may be written for the broker to count as quiet. */
  private static final Duration QUIET = Duration.ofMillis(300);
  private final Admin admin;

  RecordCounter(String bootstrap) {
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  static boolean counted(String topic) {
    return !topic.startsWith("__") && !topic.startsWith("crisisline.bench-")
        && !topic.startsWith("crisisline-bench-");
  }

  /** The sum of the end offsets of each counted topic; null if the broker did not answer. */
  Map<String, Long> byTopic() {
    try {
      Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(false)).names().get().stream()
          .filter(RecordCounter::counted).collect(Collectors.toSet());
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin.describeTopics(topics).allTopicNames().get().forEach((name, d) -> d.partitions()
          .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
      Map<String, Long> sums = new TreeMap<>();
      admin.listOffsets(latest).all().get().forEach((tp, i) -> sums.merge(tp.topic(), i.offset(), Long::sum));
      return sums;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return null;
    }
  }

  /**
   * {@link #byTopic} once two readings {@code QUIET} apart agree (nothing is being written: the
   * pipeline has finished with the step), or the last reading when {@code max} passed first.
   */
  Map<String, Long> whenQuiet(Duration max) {
    long until = System.nanoTime() + max.toNanos();
    Map<String, Long> last = byTopic();
    while (System.nanoTime() < until) {
      LockSupport.parkNanos(QUIET.toNanos());
      Map<String, Long> now = byTopic();
      if (now != null && now.equals(last)) {
        return now;
      }
      last = now;
    }
    return last;
  }

  /** Records per request by topic between two {@link #byTopic} readings, most first ("topic 1.23, ..."). */
  static String perRequest(Map<String, Long> before, Map<String, Long> after, long requests) {
    if (before == null || after == null || requests == 0) {
      return "unknown";
    }
    return after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), (double) (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / requests))
        .filter(e -> e.getValue() >= 0.005)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .map(e -> String.format(java.util.Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
  }

  @Override
  public void close() {
    admin.close();
  }
}

package org.crisisline.notifier.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far back offers, answers and statuses are re-read when a reader starts or an offers
 * partition is assigned: {@code lookback} before the clock's now.
 */
public record Replay(Duration lookback, Clock clock) {

  /** The timestamp (epoch millis) a re-read starts from. */
  long fromEpochMilli() {
    return clock.instant().minus(lookback).toEpochMilli();
  }

  /**
   * Where each newly assigned partition is re-read from: the first record of the lookback window
   * (the end when there is none). For {@code catchUpTopics} (follow-ups, which fall due on their own
   * clock, not while someone waits) the committed offset instead when it is older, so what fell due
   * while no notifier ran is still read; the dispatcher drops what is past its window.
   */
  Map<TopicPartition, Long> startsOf(Consumer<?, ?> consumer, Collection<TopicPartition> partitions,
      Set<String> catchUpTopics) {
    Map<TopicPartition, Long> times = new HashMap<>();
    long since = fromEpochMilli();
    partitions.forEach(tp -> times.put(tp, since));
    var found = consumer.offsetsForTimes(times);
    var end = consumer.endOffsets(partitions);
    Set<TopicPartition> catchUp = new java.util.HashSet<>();
    partitions.stream().filter(tp -> catchUpTopics.contains(tp.topic())).forEach(catchUp::add);
    Map<TopicPartition, OffsetAndMetadata> committed = catchUp.isEmpty() ? Map.of() : consumer.committed(catchUp);
    Map<TopicPartition, Long> starts = new HashMap<>();
    partitions.forEach(tp -> {
      long from = found.get(tp) != null ? found.get(tp).offset() : end.get(tp);
      OffsetAndMetadata done = committed.get(tp);
      starts.put(tp, done != null ? Math.min(from, done.offset()) : from);
    });
    return starts;
  }
}

package org.crisisline.notifier.send;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.notifier.domain.MessageComposer;
import org.crisisline.notifier.domain.Notice;
import org.crisisline.notifier.domain.Recipient;

/**
 * One notice (an offer's handoff, a page, an all-clear) being delivered: its recipient, texts,
 * deadline and one {@link Leg} per channel. {@code source} is the input partition it was read
 * from (topic and partition), so a rebalance releases exactly the jobs of the partitions it takes
 * away. {@link #finished()} completes once every leg is done. Context-confined.
 */
final class Job {
  final Notice notice;
  final String source;
  final Instant deadline;
  Recipient recipient;
  MessageComposer.Handoff handoff;
  final Map<DeliveryChannel, Leg> legs = new LinkedHashMap<>();
  boolean stopped;
  String stopReason;
  boolean released;
  long resolveTimer = -1;
  private final Promise<Void> finished = Promise.promise();

  Job(Notice notice, String source, Instant deadline) {
    this.notice = notice;
    this.source = source;
    this.deadline = deadline;
  }

  String sendId() {
    return notice.sendId();
  }

  String recipientId() {
    return notice.recipientId();
  }

  /** Completes when the last leg is done. */
  Future<Void> finished() {
    return finished.future();
  }

  void legDone(Leg leg) {
    leg.phase = Leg.Phase.DONE;
    if (legs.values().stream().allMatch(l -> l.phase == Leg.Phase.DONE)) {
      finished.tryComplete();
    }
  }

  boolean busy() {
    return legs.values().stream().anyMatch(l -> l.phase == Leg.Phase.IN_FLIGHT);
  }

  /** One channel of the notice. */
  static final class Leg {
    enum Phase { WAITING, IN_FLIGHT, BACKOFF, DONE }

    final Recipient.Target target;
    int attempts;
    Phase phase = Phase.WAITING;
    long timer = -1;

    Leg(Recipient.Target target, int attempts) {
      this.target = target;
      this.attempts = attempts;
    }

    DeliveryChannel channel() {
      return target.channel();
    }
  }
}

package org.crisisline.notifier.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.crisisline.events.FollowUpDue;

/**
 * The caring message of a follow-up that fell due: one short SMS to the caller of request
 * {@code due.requestId()}, in their language. Its send id is the followUpId, so however often the
 * {@link FollowUpDue} is read (replays, restarts, another instance) the ledger holds one entry and
 * the provider gets at most one message. The phone stays sealed in the notice: the sender opens
 * it at send time. Stopped when the follow-up is cancelled (the caller's STOP, staff).
 */
public record CaringNotice(FollowUpDue due) implements Notice {
  /**
   * How long after the follow-up fell due the message may still go out, retries included: a
   * notifier back from a long outage does not greet people hours late.
   */
  public static final Duration WINDOW = Duration.ofHours(6);

  /** Rejects a FollowUpDue the notifier cannot act on; the message names the field, never a value. */
  public static void check(FollowUpDue due) {
    if (due.followUpId() == null || due.followUpId().isBlank()) {
      throw new IllegalArgumentException("FollowUpDue without followUpId");
    }
    if (due.requestId() == null || due.requestId().isBlank()) {
      throw new IllegalArgumentException("FollowUpDue without requestId");
    }
  }

  /** Who the ledger and deliveries name: the caller of the followed request, never their number. */
  public static String recipientOf(String requestId) {
    return "caller:" + requestId;
  }

  @Override
  public String sendId() {
    return due.followUpId();
  }

  @Override
  public String requestId() {
    return due.requestId();
  }

  @Override
  public String recipientId() {
    return recipientOf(due.requestId());
  }

  @Override
  public Instant madeAt() {
    return due.occurredAt();
  }

  @Override
  public Instant deadline(Instant now) {
    return (due.occurredAt() != null ? due.occurredAt() : now).plus(WINDOW);
  }

  @Override
  public List<String> stopKeys() {
    return List.of(StopRules.followUpKey(due.followUpId()));
  }
}

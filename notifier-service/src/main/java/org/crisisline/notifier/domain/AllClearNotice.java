package org.crisisline.notifier.domain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.crisisline.events.AlertResolved;

/**
 * The short "resolved, no action needed" message to one person who was paged for an alert, so
 * nobody drives in for nothing. Its send id is derived from (alert, person), so however often the
 * resolution is read (replays, restarts, another instance) it is one ledger entry per channel.
 * Nothing stops it: it is sent because the alert ended.
 */
public record AllClearNotice(AlertResolved resolved, String userId) implements Notice {
  /** How long after the alert resolved the message may still go out, retries included. */
  public static final Duration WINDOW = Duration.ofHours(1);

  /** The deterministic send id of the all-clear of {@code alertId} to {@code userId}. */
  public static String sendId(String alertId, String userId) {
    return UUID.nameUUIDFromBytes(("resolved:" + alertId + ":" + userId).getBytes(StandardCharsets.UTF_8)).toString();
  }

  @Override
  public String sendId() {
    return sendId(resolved.alertId(), userId);
  }

  @Override
  public String requestId() {
    return resolved.requestId();
  }

  @Override
  public String recipientId() {
    return userId;
  }

  @Override
  public Instant madeAt() {
    return resolved.occurredAt();
  }

  @Override
  public Instant deadline(Instant now) {
    return (resolved.occurredAt() != null ? resolved.occurredAt() : now).plus(WINDOW);
  }

  @Override
  public List<String> stopKeys() {
    return List.of();
  }
}

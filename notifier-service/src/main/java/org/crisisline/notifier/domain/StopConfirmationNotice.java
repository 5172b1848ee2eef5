package org.crisisline.notifier.domain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The one confirmation of an opt-out (STOP) texted back to the phone it came from. The number
 * arrived in clear on the inbound webhook and stays in this notice, in memory only: the ledger
 * and deliveries name the caller key. Its send id is derived from the provider's message id, so a
 * webhook the provider retries, even after a restart, finds the ledger entry and sends nothing.
 * Nothing stops it.
 */
public record StopConfirmationNotice(String sendId, String callerKey, String phone, String language,
    Instant receivedAt) implements Notice {
  /** How long after the STOP arrived the confirmation may still go out, retries included. */
  public static final Duration WINDOW = Duration.ofHours(1);

  /** The send id of the confirmation of inbound message {@code messageSid}. */
  public static String sendIdOf(String messageSid) {
    return UUID.nameUUIDFromBytes(("opt-out-confirmation:" + messageSid).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Not a request: deliveries name the confirmation itself, so nothing downstream mistakes it for one. */
  @Override
  public String requestId() {
    return sendId;
  }

  @Override
  public String recipientId() {
    return "caller:" + callerKey;
  }

  @Override
  public Instant madeAt() {
    return receivedAt;
  }

  @Override
  public Instant deadline(Instant now) {
    return (receivedAt != null ? receivedAt : now).plus(WINDOW);
  }

  @Override
  public List<String> stopKeys() {
    return List.of();
  }

  @Override
  public String toString() {
    return "StopConfirmationNotice[sendId=" + sendId + ", language=" + language + "]";
  }
}

package org.crisisline.notifier.domain;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.SendRecord;

/**
 * The ledger's transitions, as pure functions over {@link SendRecord}s. The adapters write what
 * these return; nothing else decides whether a message may go out.
 */
public final class SendStateMachine {

  /** What to do with one channel of an offer when the offer is (re)read. */
  public enum Start { FIRST_ATTEMPT, RESUME, SKIP, MARK_UNKNOWN }

  private SendStateMachine() {}

  /**
   * {@code existing} is the ledger's record for (offerId, channel), or null. A CLAIMED record seen
   * here was left by a process that stopped mid-call (a live send is never re-read): the provider
   * may or may not have the message, so it is marked UNKNOWN rather than sent again.
   */
  public static Start onOffer(SendRecord existing) {
    if (existing == null) {
      return Start.FIRST_ATTEMPT;
    }
    return switch (SendState.parse(existing.state())) {
      case RETRYING -> Start.RESUME;
      case CLAIMED -> Start.MARK_UNKNOWN;
      default -> Start.SKIP;
    };
  }

  /**
   * Applies a provider status callback ({@code queued/sending/sent/delivered/undelivered/failed}).
   * Empty when the callback is stale (its rank is not above what is recorded) or the state is final
   * or was never sent: out-of-order and replayed callbacks change nothing.
   */
  public static Optional<SendRecord> onProviderStatus(
      SendRecord current, String providerStatus, String providerMessageId, String eventId, Instant at) {
    if (current == null) {
      return Optional.empty();
    }
    SendState state = SendState.parse(current.state());
    if (state != SendState.SENT && state != SendState.UNKNOWN && state != SendState.CLAIMED) {
      return Optional.empty();
    }
    String status = providerStatus == null ? "" : providerStatus.toLowerCase(Locale.ROOT);
    int rank = SmsStatus.rank(status);
    if (rank == 0 || rank <= SmsStatus.rank(current.providerStatus())) {
      return Optional.empty();
    }
    SendState next = switch (status) {
      case "delivered" -> SendState.DELIVERED;
      case "undelivered", "failed", "canceled" -> SendState.FAILED;
      default -> SendState.SENT;
    };
    String sid = providerMessageId != null ? providerMessageId : current.providerMessageId();
    return Optional.of(new SendRecord(eventId, at, current.offerId(), current.channel(), current.recipientId(),
        next.name(), current.attempts(), sid, status, "provider callback"));
  }

  /**
   * A CLAIMED record left by a process that stopped mid-call, marked UNKNOWN: the provider may or
   * may not have the message, so it is never sent again. Attempts and provider ids are kept.
   */
  public static SendRecord markUnknown(SendRecord claimed, String eventId, Instant at, String detail) {
    return new SendRecord(eventId, at, claimed.offerId(), claimed.channel(), claimed.recipientId(),
        SendState.UNKNOWN.name(), claimed.attempts(), claimed.providerMessageId(), claimed.providerStatus(), detail);
  }

  /** Ledger key: one record per (offerId, channel). */
  public static String key(String offerId, DeliveryChannel channel) {
    return offerId + "/" + channel.name();
  }
}

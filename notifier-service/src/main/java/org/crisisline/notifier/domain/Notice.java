package org.crisisline.notifier.domain;

import java.time.Instant;
import java.util.List;

/**
 * One message the notifier owes one recipient, whatever asked for it: an offer's handoff
 * ({@link OfferNotice}), a page of an alert ({@link PageNotice}) or the all-clear once an alert is
 * resolved ({@link AllClearNotice}), a caller's caring message ({@link CaringNotice}) or the
 * confirmation of a caller's opt-out ({@link StopConfirmationNotice}). The send machinery (ledger, rate limits, retries, delivery
 * events, provider callbacks) knows only this. {@code sendId} is what the ledger
 * ({@code SendRecord.offerId}, key {@code sendId/CHANNEL}), {@code deliveries} ({@code offerId}),
 * the SMS status callback and the email's offer header call the offer id.
 */
public sealed interface Notice permits OfferNotice, PageNotice, AllClearNotice, CaringNotice, StopConfirmationNotice {

  String sendId();

  String requestId();

  String recipientId();

  /** When it was asked for, or null: hand-off latency counts from here. */
  Instant madeAt();

  /** The last moment it is worth sending (first attempt and retries); {@code now} stands in for a missing time. */
  Instant deadline(Instant now);

  /** Keys of the stops that cover it ({@link StopRules.Stop#key()}). */
  List<String> stopKeys();
}

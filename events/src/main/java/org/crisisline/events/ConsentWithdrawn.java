package org.crisisline.events;

import java.time.Instant;

/**
 * Value of {@code consent-withdrawals}, keyed by {@code callerKey}, written by the notifier: an
 * opt-out word (STOP and the carriers' usual others) arrived from the phone whose caller key
 * ({@link CallerKeys}) is {@code callerKey}. The number itself travels nowhere. Whether any caller has
 * that key is not the notifier's to know: intake cancels the follow-ups of every request with that
 * key (none, for an unknown number) and audits how many.
 */
public record ConsentWithdrawn(String eventId, Instant occurredAt, String callerKey, String via)
    implements Event {}

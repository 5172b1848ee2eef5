package org.crisisline.events;

/**
 * Values of {@code follow-ups}, keyed by the requestId of the request followed up (the "root"),
 * written by routing only: the caring-contact plan of a request as it happens. A follow-up is
 * scheduled ({@link FollowUpScheduled}), becomes due and is routed as a request of its own whose
 * id is {@code followUpId} ({@link FollowUpDue}), and ends done ({@link FollowUpDone}) or cancelled
 * ({@link FollowUpCancelled}). Intake builds its follow-up lists and counts from these; the
 * notifier sends the caring message on {@link FollowUpDue}.
 */
public sealed interface FollowUpEvent extends Event
    permits FollowUpScheduled, FollowUpDue, FollowUpDone, FollowUpCancelled {
  /** The request followed up. */
  String requestId();

  /** The follow-up: the id of the request it is routed as when due. */
  String followUpId();
}

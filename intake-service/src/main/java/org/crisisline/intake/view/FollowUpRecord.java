package org.crisisline.intake.view;

import java.time.Instant;
import org.crisisline.events.FollowUpCancelReason;
import org.crisisline.events.FollowUpOrigin;
import org.crisisline.events.FollowUpOutcome;
import org.crisisline.events.Sealed;

/**
 * One follow-up of a request as intake sees it, from routing's {@code follow-ups} topic. Immutable;
 * the view swaps whole records. {@code note} (a person's words when they added it) stays sealed;
 * {@code outcome} is set once DONE, {@code cancelReason} once CANCELLED. {@code changedAt} is when the
 * last event about it happened: what "done today" and the view's bound are measured by.
 */
public record FollowUpRecord(
    String followUpId,
    String requestId,
    int step,
    int attempt,
    Instant dueAt,
    FollowUpOrigin origin,
    String region,
    String language,
    State state,
    FollowUpOutcome outcome,
    FollowUpCancelReason cancelReason,
    Sealed note,
    String addedBy,
    String doneBy,
    Instant changedAt) {

  /**
   * SCHEDULED (not yet due), DUE (routed as a request of its own), DONE (outcome recorded), CANCELLED,
   * EXPIRED (it ended with no outcome recorded: nobody reached the caller; routing retries it as a
   * follow-up of its own while attempts are left).
   */
  public enum State {
    SCHEDULED, DUE, DONE, CANCELLED, EXPIRED;

    public boolean isFinal() {
      return this == DONE || this == CANCELLED || this == EXPIRED;
    }
  }

  public boolean isOpen() {
    return !state.isFinal();
  }

  FollowUpRecord due(Instant at, String dueRegion, String dueLanguage) {
    return new FollowUpRecord(followUpId, requestId, step, attempt, dueAt == null ? at : dueAt, origin,
        dueRegion == null ? region : dueRegion, dueLanguage == null ? language : dueLanguage, State.DUE, null, null,
        note, addedBy, null, at);
  }

  FollowUpRecord done(FollowUpOutcome how, String by, Instant at) {
    return new FollowUpRecord(followUpId, requestId, step, attempt, dueAt, origin, region, language, State.DONE, how,
        null, note, addedBy, by, at);
  }

  FollowUpRecord expired(Instant at) {
    return new FollowUpRecord(followUpId, requestId, step, attempt, dueAt, origin, region, language, State.EXPIRED,
        null, null, note, addedBy, null, at);
  }

  FollowUpRecord cancelled(FollowUpCancelReason why, Instant at) {
    return new FollowUpRecord(followUpId, requestId, step, attempt, dueAt, origin, region, language, State.CANCELLED,
        null, why, note, addedBy, doneBy, at);
  }
}

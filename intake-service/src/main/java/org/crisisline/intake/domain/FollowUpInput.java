package org.crisisline.intake.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.crisisline.events.FollowUpOutcome;

/**
 * A follow-up a person adds ({@code POST /api/v1/requests/{id}/followups}): when it is due, in the
 * future and at most a year ahead, and an optional note (free text, sealed before it leaves intake).
 */
public record FollowUpInput(Instant dueAt, String note) {
  public static final int MAX_NOTE = 1000;
  /** How far ahead a follow-up may be set: caring contacts are about the weeks after a crisis. */
  public static final Duration MAX_AHEAD = Duration.ofDays(365);

  public static FollowUpInput parse(byte[] body, Instant now) {
    if (body == null || body.length == 0) {
      throw InvalidInput.of("dueAt", "is required");
    }
    Fields f = Fields.of(Json.parseObject(body), "dueAt", "note");
    String due = f.string("dueAt", true, 1, 64, null);
    String note = f.string("note", false, 1, MAX_NOTE, null);
    Instant dueAt = null;
    if (due != null) {
      try {
        dueAt = Instant.parse(due);
      } catch (DateTimeParseException e) {
        f.error("dueAt", "must be a date-time such as 2026-01-31T09:00:00Z");
      }
    }
    if (dueAt != null && !dueAt.isAfter(now)) {
      f.error("dueAt", "must be in the future");
    } else if (dueAt != null && dueAt.isAfter(now.plus(MAX_AHEAD))) {
      f.error("dueAt", "must be at most a year ahead");
    }
    f.check();
    return new FollowUpInput(dueAt, note);
  }

  /** The outcome a peer specialist records for a follow-up they accepted ({@code {outcome}}). */
  public static FollowUpOutcome outcome(byte[] body) {
    if (body == null || body.length == 0) {
      throw InvalidInput.of("outcome", "is required");
    }
    Fields f = Fields.of(Json.parseObject(body), "outcome");
    FollowUpOutcome outcome = f.enumValue("outcome", FollowUpOutcome.class, true);
    f.check();
    return outcome;
  }
}

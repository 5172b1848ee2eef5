package org.crisisline.records.domain;

import java.time.Instant;

/**
 * A caller's earlier contacts, found by their keyed hash: how many requests were logged with that
 * number in the window, and the latest one's date, wrap-up code and risk level (the completion's
 * screen, else the one staff recorded at intake). Codes and counts only.
 */
public record CallerHistory(int earlierContacts, int windowDays, Instant lastContactAt, String lastDisposition,
    String lastRiskLevel) {

  public static CallerHistory none(int windowDays) {
    return new CallerHistory(0, windowDays, null, null, null);
  }
}

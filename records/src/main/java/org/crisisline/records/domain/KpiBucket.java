package org.crisisline.records.domain;

import java.time.Instant;
import java.util.Map;

/**
 * The line's numbers for one interval (and one region, when asked per region; else {@code region}
 * is null). Every count is of the contacts <em>logged</em> in {@code [start, end)}, whatever
 * happened to them later: a contact logged at 09:59 and accepted at 10:01 counts as accepted in the
 * 09:00 bucket. Shares are of {@code logged}, null when nothing was logged; times in seconds.
 *
 * @param answeredWithinSla accepted no later than the SLA of the contact's urgency after it was logged
 * @param abandoned         cancelled before anybody accepted it (a cancel after acceptance is not abandonment)
 * @param rolledOver        moved to a backup region by the escalation ladder
 * @param escalated         any escalation step (an SLA breach)
 * @param alertsRaised      supervisors alerted for it
 * @param alertsAcknowledged its alert acknowledged (paging)
 * @param dispositions      wrap-up code → count, over the completed contacts
 * @param riskLevels        C-SSRS risk level → count, over the screened contacts
 */
public record KpiBucket(
    Instant start,
    Instant end,
    String region,
    int logged,
    int accepted,
    Double answerRate,
    int answeredWithinSla,
    Double answeredWithinSlaShare,
    SpeedToAnswer speedToAnswer,
    int abandoned,
    int expired,
    int rolledOver,
    int escalated,
    int alertsRaised,
    int alertsAcknowledged,
    int completed,
    int referred,
    Map<String, Integer> dispositions,
    Map<String, Integer> riskLevels) {

  public KpiBucket {
    dispositions = Map.copyOf(dispositions);
    riskLevels = Map.copyOf(riskLevels);
  }
}

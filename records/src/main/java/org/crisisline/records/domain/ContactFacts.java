package org.crisisline.records.domain;

import java.time.Duration;
import java.time.Instant;
import org.crisisline.events.Disposition;
import org.crisisline.events.Need;
import org.crisisline.events.RiskLevel;
import org.crisisline.events.Urgency;

/**
 * What the read model knows of one contact (one help request), as plain data: when it was logged
 * and where, and what became of it. Times are null when it never happened; {@code acceptedAt} is
 * the first acceptance. {@code loggedAt} is null while only routing's events of it arrived.
 * {@code alerted}: supervisors were alerted for it; {@code alertAcknowledged}: someone acknowledged that alert.
 */
public record ContactFacts(
    String requestId,
    Instant loggedAt,
    String region,
    Urgency urgency,
    Need need,
    Instant acceptedAt,
    Instant cancelledAt,
    Instant expiredAt,
    Instant completedAt,
    Instant referredAt,
    boolean escalated,
    boolean rolledOver,
    boolean alerted,
    boolean alertAcknowledged,
    Disposition disposition,
    RiskLevel riskLevel) {

  /** Accepted by a responder (at any time, even in a later bucket than it was logged in). */
  public boolean accepted() {
    return acceptedAt != null;
  }

  /** Cancelled while nobody had accepted it: the caller gave up or was lost. A cancel after acceptance is not. */
  public boolean abandoned() {
    return cancelledAt != null && (acceptedAt == null || cancelledAt.isBefore(acceptedAt));
  }

  /** From logged to accepted; null when not accepted or not (yet) known as logged. */
  public Duration speedToAnswer() {
    return acceptedAt == null || loggedAt == null ? null : Duration.between(loggedAt, acceptedAt);
  }

  /** A minimal contact, for tests and builders: logged, nothing else happened yet. */
  public static ContactFacts logged(String requestId, Instant at, String region, Urgency urgency, Need need) {
    return new ContactFacts(requestId, at, region, urgency, need, null, null, null, null, null, false, false, false,
        false, null, null);
  }

  public ContactFacts acceptedAt(Instant at) {
    return new ContactFacts(requestId, loggedAt, region, urgency, need, at, cancelledAt, expiredAt, completedAt,
        referredAt, escalated, rolledOver, alerted, alertAcknowledged, disposition, riskLevel);
  }

  public ContactFacts cancelledAt(Instant at) {
    return new ContactFacts(requestId, loggedAt, region, urgency, need, acceptedAt, at, expiredAt, completedAt,
        referredAt, escalated, rolledOver, alerted, alertAcknowledged, disposition, riskLevel);
  }

  public ContactFacts expiredAt(Instant at) {
    return new ContactFacts(requestId, loggedAt, region, urgency, need, acceptedAt, cancelledAt, at, completedAt,
        referredAt, escalated, rolledOver, alerted, alertAcknowledged, disposition, riskLevel);
  }

  public ContactFacts withRolledOver() {
    return new ContactFacts(requestId, loggedAt, region, urgency, need, acceptedAt, cancelledAt, expiredAt, completedAt,
        referredAt, true, true, alerted, alertAcknowledged, disposition, riskLevel);
  }

  public ContactFacts alertedAndAcknowledged(boolean acknowledged) {
    return new ContactFacts(requestId, loggedAt, region, urgency, need, acceptedAt, cancelledAt, expiredAt, completedAt,
        referredAt, escalated, rolledOver, true, acknowledged, disposition, riskLevel);
  }

  public ContactFacts completed(Instant at, Disposition d, RiskLevel r) {
    return new ContactFacts(requestId, loggedAt, region, urgency, need, acceptedAt, cancelledAt, expiredAt, at,
        referredAt, escalated, rolledOver, alerted, alertAcknowledged, d, r);
  }
}

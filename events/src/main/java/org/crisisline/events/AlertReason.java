package org.crisisline.events;

/** Why an alert was raised. */
public enum AlertReason {
  /** An IMMINENT_RISK request arrived and no eligible counsellor could take it at once. */
  NO_COUNSELLOR_AVAILABLE,
  /** A step of the escalation ladder that ends in an alert (the SLA was breached). */
  ESCALATION,
  /** Offers of an IMMINENT_RISK request were declined or missed by {@code page.after.misses} responders. */
  MISSED_OFFERS
}

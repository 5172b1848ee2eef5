package org.crisisline.events;

/** Declared most urgent first: {@link #ordinal()} is the serving rank (0 goes first). */
public enum Urgency {
  /** Imminent risk of harm: always a hotline counsellor, never queued behind anything. */
  IMMINENT_RISK,
  /** Acute distress, needs someone within minutes. */
  HIGH,
  /** Distressed but safe for now. */
  MODERATE,
  /** Information, follow-up or a referral that can wait. */
  LOW
}

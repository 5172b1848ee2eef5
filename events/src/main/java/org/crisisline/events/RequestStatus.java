package org.crisisline.events;

/**
 * Lifecycle of a help request. Terminal: COMPLETED, REFERRED, REFERRAL_ACCEPTED, CANCELLED,
 * EXPIRED. REFERRAL_ACCEPTED: a local service accepted the referral (closed loop); outcomes the
 * service reports later append to the timeline without changing it.
 */
public enum RequestStatus {
  QUEUED, OFFERED, ACCEPTED, COMPLETED, REFERRED, ESCALATED, CANCELLED, EXPIRED, REFERRAL_ACCEPTED;

  public boolean isTerminal() {
    return this == COMPLETED || this == REFERRED || this == REFERRAL_ACCEPTED || this == CANCELLED
        || this == EXPIRED;
  }
}

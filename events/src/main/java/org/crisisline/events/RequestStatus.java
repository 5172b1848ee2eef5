package org.crisisline.events;

/**
 * Lifecycle of a help request. Terminal: COMPLETED, REFERRAL_ACCEPTED, CANCELLED, EXPIRED.
 * REFERRED is not terminal: the request is with a local service, waiting for its answer (a
 * decline or no answer in time sends it to the next matching service, or to peer support).
 * REFERRAL_ACCEPTED: a local service accepted the referral (closed loop); outcomes the service
 * reports later append to the timeline without changing it.
 */
public enum RequestStatus {
  QUEUED, OFFERED, ACCEPTED, COMPLETED, REFERRED, ESCALATED, CANCELLED, EXPIRED, REFERRAL_ACCEPTED;

  public boolean isTerminal() {
    return this == COMPLETED || this == REFERRAL_ACCEPTED || this == CANCELLED || this == EXPIRED;
  }
}

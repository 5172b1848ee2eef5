package org.crisisline.events;

/** Lifecycle of a help request. Terminal: COMPLETED, REFERRED, CANCELLED, EXPIRED. */
public enum RequestStatus {
  QUEUED, OFFERED, ACCEPTED, COMPLETED, REFERRED, ESCALATED, CANCELLED, EXPIRED;

  public boolean isTerminal() {
    return this == COMPLETED || this == REFERRED || this == CANCELLED || this == EXPIRED;
  }
}

package org.crisisline.events;

/** Why staff cancelled a request: a code; any words of their own travel as a sealed note. */
public enum CancelReason {
  CALLER_RESOLVED,
  CALLER_DISCONNECTED,
  DUPLICATE,
  LOGGED_IN_ERROR,
  OTHER
}

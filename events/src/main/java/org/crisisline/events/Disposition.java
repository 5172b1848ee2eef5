package org.crisisline.events;

/** How a completed request ended: a wrap-up code, never clinical text (that goes in a sealed note). */
public enum Disposition {
  SUPPORTED_DE_ESCALATED,
  SAFETY_PLAN_MADE,
  HANDED_ON,
  EMERGENCY_SERVICES_DISPATCHED,
  CALLER_DISCONNECTED,
  INFORMATION_ONLY,
  WRONG_NUMBER_OR_PRANK,
  OTHER
}

package org.crisisline.events;

/**
 * Suicide risk as triaged from the Columbia (C-SSRS) screener, see {@link RiskScreen#level()}: a
 * code, travels in clear.
 */
public enum RiskLevel {
  LOW,
  MODERATE,
  HIGH
}

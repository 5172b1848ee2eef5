package org.crisisline.events;

/** Why a responder declined an offer: a code; any words of their own travel as a sealed note. */
public enum DeclineReason {
  BUSY,
  NOT_QUALIFIED,
  CONFLICT_OF_INTEREST,
  OTHER
}

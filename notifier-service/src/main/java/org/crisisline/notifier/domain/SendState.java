package org.crisisline.notifier.domain;

/**
 * States of one (offerId, channel) in the send ledger ({@code SendRecord.state}).
 * CLAIMED is written, and acknowledged by the broker, before the provider is called; a CLAIMED
 * left behind by a process that died mid-call is ambiguous and becomes UNKNOWN, never a resend.
 * RETRYING means the provider certainly refused the last attempt (5xx, 429, no connection), so
 * another attempt is safe. SENT, UNKNOWN, DELIVERED, FAILED and STOPPED start no new attempt;
 * SENT and UNKNOWN can still be resolved by a provider status callback.
 */
public enum SendState {
  CLAIMED, RETRYING, SENT, UNKNOWN, DELIVERED, FAILED, STOPPED;

  /**
   * Reads a ledger state. A state this version does not know (written by a newer one) counts as
   * UNKNOWN: whatever it means, it must not lead to a second send.
   */
  public static SendState parse(String state) {
    if (state == null) {
      return UNKNOWN;
    }
    try {
      return SendState.valueOf(state);
    } catch (IllegalArgumentException newer) {
      return UNKNOWN;
    }
  }
}

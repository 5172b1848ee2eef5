package org.crisisline.events;

/**
 * How long a topic keeps its records, chosen per topic in {@link Topics} so that rebuilding a view
 * never depends on the broker's default (7 days). The durations come from {@link RetentionPolicy}.
 */
public enum Retention {
  /**
   * Live work (deliveries, replies, dead letters): deleted after the live window. Nothing
   * is rebuilt from these beyond the requests still in flight, which end within hours.
   */
  LIVE("delete"),
  /**
   * The contact history (requests, offers, status, answers, alerts, audit): deleted after the operator's
   * records policy, the same days as the records database, which is rebuilt from these topics.
   */
  HISTORY("delete"),
  /** Current state, one value per key (profiles, directory, policies): compacted, never expired. */
  LATEST("compact"),
  /**
   * A ledger read by key whose entries matter only while the records they guard can be replayed
   * (the notifier's sends): compacted, and older segments deleted after the live window.
   */
  LATEST_WITHIN_LIVE_WINDOW("compact,delete"),
  /**
   * Keys that must really disappear when tombstoned (per-request data keys, erased by destroying
   * them): compacted soon after a tombstone (short segments, no minimum lag, a maximum lag), and
   * deleted with the contact history they open. See {@link RetentionPolicy#topicConfigs}.
   */
  SHREDDABLE_KEYS("compact,delete");

  private final String cleanupPolicy;

  Retention(String cleanupPolicy) {
    this.cleanupPolicy = cleanupPolicy;
  }

  /** The topic's {@code cleanup.policy}. */
  public String cleanupPolicy() {
    return cleanupPolicy;
  }

  public boolean compacted() {
    return cleanupPolicy.contains("compact");
  }

  /** The name used in docs and docker-compose's kafka-init script: {@code latest-within-live-window}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}

package org.crisisline.notifier.domain;

import org.crisisline.events.AlertPaged;
import org.crisisline.events.AlertResolved;

/**
 * An alert event the notifier cannot act on (a page naming no person, no page id or no code; a
 * resolution naming no alert) is poison: it goes to dead-letters, not to a phone.
 */
public final class AlertChecks {
  private AlertChecks() {}

  /** Throws IllegalArgumentException naming the missing field; never quotes values. */
  public static void check(AlertPaged page) {
    require(page.alertId(), "AlertPaged", "alertId");
    require(page.pageId(), "AlertPaged", "pageId");
    require(page.requestId(), "AlertPaged", "requestId");
    require(page.userId(), "AlertPaged", "userId");
    require(page.code(), "AlertPaged", "code");
  }

  public static void check(AlertResolved resolved) {
    require(resolved.alertId(), "AlertResolved", "alertId");
    require(resolved.requestId(), "AlertResolved", "requestId");
  }

  private static void require(String value, String type, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(type + " lacks " + field);
    }
  }
}

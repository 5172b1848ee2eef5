package org.crisisline.notifier.domain;

import java.util.Locale;

/**
 * Twilio message statuses ranked by progress, so a late "sent" after "delivered" is recognised
 * as out of order. Terminal statuses share the top rank: the first one recorded wins.
 */
public final class SmsStatus {
  private SmsStatus() {}

  public static int rank(String status) {
    if (status == null) {
      return 0;
    }
    return switch (status.toLowerCase(Locale.ROOT)) {
      case "accepted", "scheduled", "queued" -> 1;
      case "sending" -> 2;
      case "sent" -> 3;
      case "delivered", "undelivered", "failed", "canceled" -> 4;
      default -> 0;
    };
  }

  public static boolean isFailure(String status) {
    return "undelivered".equalsIgnoreCase(status) || "failed".equalsIgnoreCase(status)
        || "canceled".equalsIgnoreCase(status);
  }
}

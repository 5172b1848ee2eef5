package org.crisisline.notifier.domain;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.crisisline.events.OfferMade;

final class MessageComposerTestSupport {
  private MessageComposerTestSupport() {}

  static String expiry(OfferMade offer) {
    return DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC).format(offer.expiresAt()) + " UTC";
  }
}

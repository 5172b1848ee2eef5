package org.crisisline.events;

/** Values of {@code deliveries}, keyed by offerId; written by the notifier only. */
public sealed interface DeliveryEvent extends Event
    permits DeliveryAttempted, DeliveryDelivered, DeliveryFailed {
  String offerId();

  String requestId();

  DeliveryChannel channel();
}

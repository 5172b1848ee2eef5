package org.crisisline.events;

/**
 * Values of {@code alerts}, keyed by requestId, written by routing only: the life of one alert
 * (an IMMINENT_RISK request that nobody can take). Routing owns the alert's state and timers;
 * the notifier sends what {@link AlertPaged} and {@link AlertResolved} ask for; intake shows it.
 * An alert is {@code OPEN} from {@link AlertRaised} until {@link AlertAcknowledged} or
 * {@link AlertResolved}; acknowledged, it stays on show until it resolves.
 */
public sealed interface AlertEvent extends Event
    permits AlertRaised, AlertStepStarted, AlertPaged, AlertAcknowledged, AlertResolved {
  String alertId();

  String requestId();
}

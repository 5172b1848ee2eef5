package org.crisisline.events;

/** How a handoff reaches a responder or a service's intake contact. */
public enum DeliveryChannel { SMS, EMAIL }

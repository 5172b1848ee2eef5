package org.crisisline.events;

/** Values of {@code help-requests}, keyed by requestId; written by intake only. */
public sealed interface RequestEvent extends Event permits HelpRequestLogged, RequestCancelled {
  String requestId();
}

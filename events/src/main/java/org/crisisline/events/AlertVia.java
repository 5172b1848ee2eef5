package org.crisisline.events;

/** How an acknowledgement of an alert arrived. */
public enum AlertVia {
  /** An SMS reply {@code ACK <code>} from the phone that was paged. */
  SMS,
  /** The signed link in the page. */
  LINK,
  /** {@code POST /api/v1/alerts/{alertId}/ack} by a supervisor. */
  API
}

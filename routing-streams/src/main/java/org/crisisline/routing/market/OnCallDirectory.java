package org.crisisline.routing.market;

import java.time.Instant;
import java.util.List;

/**
 * Who is on call in a schedule at an instant, as routing knows the schedules (the streams layer
 * reads them from {@code oncall-schedules}). Empty for an unknown schedule or when nobody is.
 */
@FunctionalInterface
public interface OnCallDirectory {
  /** No schedules at all: every step pages nobody. */
  OnCallDirectory NONE = (scheduleId, at) -> List.of();

  List<String> onCall(String scheduleId, Instant at);
}

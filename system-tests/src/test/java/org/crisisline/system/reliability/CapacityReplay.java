package org.crisisline.system.reliability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;

/** The capacity part of {@link ReliabilityVerifier}: no responder ever holds more than their capacity. */
final class CapacityReplay {
  private CapacityReplay() {}

  /**
   * Replays ACCEPTED and terminal statuses in time order: a responder holds a request from its
   * ACCEPTED until the request's terminal state. Ties release before they take.
   */
  static int overCapacity(ReliabilityVerifier.Observed o, List<String> problems) {
    List<RequestStatusChanged> events = new ArrayList<>(o.statuses().stream()
        .filter(s -> !s.isRejectedAnswer() && (s.status() == RequestStatus.ACCEPTED || s.status().isTerminal())).toList());
    events.sort(Comparator.comparing(RequestStatusChanged::occurredAt)
        .thenComparing(s -> s.status() == RequestStatus.ACCEPTED ? 1 : 0));
    Map<String, String> holder = new HashMap<>();
    Map<String, Integer> held = new HashMap<>();
    Set<String> flagged = new HashSet<>();
    for (RequestStatusChanged s : events) {
      if (s.status() == RequestStatus.ACCEPTED && s.responderId() != null) {
        if (holder.putIfAbsent(s.requestId(), s.responderId()) != null) {
          continue; // a second ACCEPTED is counted as a double assignment already
        }
        int now = held.merge(s.responderId(), 1, Integer::sum);
        int cap = o.capacity().getOrDefault(s.responderId(), Integer.MAX_VALUE);
        if (now > cap && flagged.add(s.responderId())) {
          problems.add("responder " + s.responderId() + " held " + now + " accepted requests, capacity " + cap
              + " (at " + s.occurredAt() + ")");
        }
      } else if (s.status().isTerminal()) {
        String r = holder.remove(s.requestId());
        if (r != null) {
          held.merge(r, -1, Integer::sum);
        }
      }
    }
    return flagged.size();
  }
}

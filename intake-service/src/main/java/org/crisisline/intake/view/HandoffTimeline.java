package org.crisisline.intake.view;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crisisline.events.HelpRequestLogged;

/**
 * The hand-on steps of a request's timeline, beside routing's transitions: on the parent "handed
 * on to {child} ({need})" when its responder handed the person on, on the child "handed on from
 * {parent}". Ids and codes only: the responder's note stays sealed in the child's summary.
 */
public final class HandoffTimeline {
  /** The timeline entry kind of a hand-on step (routing's entries carry a StatusKind). */
  public static final String KIND = "HANDOFF";

  private HandoffTimeline() {}

  /** Routing's timeline entries (already rendered) with the hand-on steps merged in by time. */
  public static List<Map<String, Object>> merged(RequestRecord r, List<HelpRequestLogged> children,
      List<Map<String, Object>> routingEntries) {
    List<Map<String, Object>> all = new ArrayList<>(routingEntries);
    HelpRequestLogged logged = r.logged();
    if (logged != null && logged.parentRequestId() != null) {
      all.add(entry("QUEUED", logged.occurredAt(), "handed on from " + logged.parentRequestId(),
          "parentRequestId", logged.parentRequestId()));
    }
    for (HelpRequestLogged c : children) {
      String to = c.referralKind() != null ? c.need() + ", " + c.referralKind() : String.valueOf(c.need());
      all.add(entry("ACCEPTED", c.occurredAt(), "handed on to " + c.requestId() + " (" + to + ")",
          "childRequestId", c.requestId()));
    }
    // Stable: routing's entries keep their order; a hand-on step goes after those at the same instant.
    all.sort(Comparator.comparing(m -> (Instant) m.get("at")));
    return all;
  }

  private static Map<String, Object> entry(String status, Instant at, String reason, String linkName, String link) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status);
    m.put("kind", KIND);
    m.put("at", at);
    m.put("reason", reason);
    m.put(linkName, link);
    return m;
  }
}

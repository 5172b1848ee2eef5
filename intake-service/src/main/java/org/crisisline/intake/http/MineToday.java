package org.crisisline.intake.http;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crisisline.intake.view.RequestRecord;
import org.crisisline.records.domain.ArchivedRequest;

/**
 * "Mine today" from both places a request of today can be: intake's memory (fresher: a request
 * logged a moment ago may not be in the records database yet, and its status there may lag) and the
 * records database (those that already left memory). One list in the shape of {@link RequestJson},
 * newest first, each request once.
 */
final class MineToday {
  private MineToday() {}

  static List<Map<String, Object>> merged(List<RequestRecord> held, List<ArchivedRequest> stored) {
    List<Map<String, Object>> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (RequestRecord r : held) {
      seen.add(r.requestId());
      out.add(RequestJson.summary(r));
    }
    for (ArchivedRequest r : stored) {
      if (seen.add(r.requestId())) {
        out.add(RequestJson.summary(r.requestId(), r.status(), r.urgency(), r.need(), r.referralKind(), r.region(),
            r.language(), r.channel(), r.loggedAt()));
      }
    }
    out.sort(Comparator.comparing((Map<String, Object> m) -> (Instant) m.get("loggedAt"),
        Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(m -> (String) m.get("requestId"),
        Comparator.reverseOrder()));
    return out;
  }
}

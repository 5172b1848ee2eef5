package org.crisisline.intake.http;

import java.util.LinkedHashMap;
import java.util.Map;
import org.crisisline.intake.view.FollowUpRecord;

/** One follow-up as the API shows it: codes and times only; the note is added by who may read it. */
final class FollowUpJson {
  private FollowUpJson() {}

  static Map<String, Object> of(FollowUpRecord f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("followUpId", f.followUpId());
    m.put("requestId", f.requestId());
    m.put("step", f.step());
    m.put("attempt", f.attempt());
    m.put("dueAt", f.dueAt() == null ? null : f.dueAt().toString());
    m.put("origin", f.origin() == null ? null : f.origin().name());
    m.put("region", f.region());
    m.put("language", f.language());
    m.put("state", f.state().name());
    m.put("outcome", f.outcome() == null ? null : f.outcome().name());
    m.put("cancelReason", f.cancelReason() == null ? null : f.cancelReason().name());
    m.put("addedBy", f.addedBy());
    m.put("changedAt", f.changedAt() == null ? null : f.changedAt().toString());
    return m;
  }
}

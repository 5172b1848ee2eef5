package org.crisisline.intake.domain;

import org.crisisline.events.Need;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.Urgency;

/**
 * A validated POST /api/v1/requests/{id}/handoff body: who the person is handed on to (peer
 * support, or a referral of a kind, optionally to a named service), at which urgency (null: the
 * parent's), and the responder's note for whoever takes the person next (free text, sealed before
 * it leaves intake). Crisis counselling is not a hand-on: the person is with a counsellor already.
 */
public record HandoffInput(Need need, ReferralKind referralKind, String serviceId, Urgency urgency, String note) {
  public static final int NOTE_MAX = 2000;
  private static final java.util.regex.Pattern SERVICE_ID = java.util.regex.Pattern.compile("^[A-Za-z0-9._:-]{1,64}$");

  public static HandoffInput parse(byte[] body) {
    Fields f = Fields.of(Json.parseObject(body), "need", "referralKind", "serviceId", "urgency", "note");
    Need need = f.enumValue("need", Need.class, true);
    if (need == Need.CRISIS_COUNSELLING) {
      f.error("need", "must be PEER_SUPPORT or REFERRAL");
    }
    ReferralKind kind = f.enumValue("referralKind", ReferralKind.class, need == Need.REFERRAL);
    String serviceId = f.string("serviceId", false, 1, 64, SERVICE_ID);
    if (need == Need.PEER_SUPPORT) {
      if (kind != null) {
        f.error("referralKind", "only allowed when need is REFERRAL");
      }
      if (serviceId != null) {
        f.error("serviceId", "only allowed when need is REFERRAL");
      }
    }
    Urgency urgency = f.enumValue("urgency", Urgency.class, false);
    String note = f.string("note", false, 0, NOTE_MAX, null);
    f.check();
    return new HandoffInput(need, kind, serviceId, urgency, note == null || note.isBlank() ? null : note);
  }

  @Override
  public String toString() {
    // The note is about the person; keep it out of any accidental log line.
    return "HandoffInput[" + need + "," + referralKind + "," + serviceId + "," + urgency + "]";
  }
}

package org.crisisline.intake.domain;

import org.crisisline.events.Disposition;
import org.crisisline.events.RiskLevel;
import org.crisisline.events.RiskScreen;

/**
 * The structured wrap-up of {@code POST /api/v1/requests/{id}/complete}: {@code disposition} (a
 * code), {@code riskScreen} (the C-SSRS screener, see {@link #riskScreen(Fields, String)}),
 * {@code safetyPlan}, {@code activeRescue} (booleans) and {@code note} (free text, sealed before it
 * leaves intake). Every field is optional; older clients sent the note as {@code outcome}. A note
 * without a disposition is filed under {@code OTHER}.
 */
public record WrapUp(Disposition disposition, String note, RiskScreen riskScreen, Boolean safetyPlan,
    Boolean activeRescue) {

  /** The screener's items, in the order of the questions. */
  static final String[] SCREEN_ITEMS = {"wishToBeDead", "suicidalThoughts", "thoughtsWithMethod", "intent",
      "intentWithPlan", "behaviour", "behaviourWithinThreeMonths"};

  /** The level the screen's published rule derives, or null when not screened. */
  public RiskLevel riskLevel() {
    return riskScreen == null ? null : riskScreen.level();
  }

  public static WrapUp parse(byte[] body) {
    if (body == null || body.length == 0) {
      return new WrapUp(null, null, null, null, null);
    }
    Fields f = Fields.of(Json.parseObject(body), "disposition", "note", "outcome", "riskScreen", "safetyPlan",
        "activeRescue");
    Disposition code = f.enumValue("disposition", Disposition.class, false);
    String note = f.string("note", false, 1, ClosingWords.MAX_NOTE, null);
    String outcome = f.string("outcome", false, 1, 200, null);
    if (note != null && outcome != null) {
      f.error("outcome", "is the older name of note: send one of them");
    }
    RiskScreen screen = riskScreen(f, "riskScreen");
    Boolean safetyPlan = f.bool("safetyPlan", false);
    Boolean activeRescue = f.bool("activeRescue", false);
    f.check();
    String text = note != null ? note : outcome;
    return new WrapUp(code == null && text != null ? Disposition.OTHER : code, text, screen, safetyPlan, activeRescue);
  }

  /**
   * The screener object {@code name} of {@code f}, or null when absent. Each item is true or false;
   * one left out was not asked (the screener skips Q3 to Q5 after a no to Q2) and reads false.
   * {@code behaviourWithinThreeMonths} true with {@code behaviour} not true is refused: it is the
   * follow-up question of Q6.
   */
  public static RiskScreen riskScreen(Fields f, String name) {
    Fields s = f.object(name, false, SCREEN_ITEMS);
    if (s == null) {
      return null;
    }
    boolean[] a = new boolean[SCREEN_ITEMS.length];
    for (int i = 0; i < a.length; i++) {
      Boolean v = s.bool(SCREEN_ITEMS[i], false);
      a[i] = v != null && v;
    }
    if (a[6] && !a[5]) {
      s.error("behaviourWithinThreeMonths", "can be true only when behaviour is true");
    }
    return new RiskScreen(a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
  }
}

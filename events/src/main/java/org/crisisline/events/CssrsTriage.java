package org.crisisline.events;

/**
 * The rule that turns a C-SSRS screener into a risk level. It is the screener's own published
 * triage (The Columbia Lighthouse Project, "C-SSRS Screen Version — Risk Identification";
 * the same colour bands in the SAMHSA/988 and Joint Commission NPSG 15.01.01 guidance):
 *
 * <ul>
 *   <li><b>HIGH</b> (red): yes to Q4 (intent) or Q5 (intent with a plan), or yes to Q6 (suicidal
 *       behaviour) within the past three months;
 *   <li><b>MODERATE</b> (orange): yes to Q3 (thoughts with a method), or yes to Q6 more than three
 *       months ago;
 *   <li><b>LOW</b> (yellow): yes to Q1 (wish to be dead) or Q2 (suicidal thoughts) only, and also
 *       when every answer is no (this scale has no "none" band: a screened contact is at least LOW).
 * </ul>
 *
 * The highest band any answer reaches wins. "Within three months" without "behaviour" is not a
 * behaviour answer and counts for nothing (intake refuses that combination).
 */
public final class CssrsTriage {
  private CssrsTriage() {}

  public static RiskLevel level(RiskScreen s) {
    if (s.intent() || s.intentWithPlan() || (s.behaviour() && s.behaviourWithinThreeMonths())) {
      return RiskLevel.HIGH;
    }
    if (s.thoughtsWithMethod() || s.behaviour()) {
      return RiskLevel.MODERATE;
    }
    return RiskLevel.LOW;
  }
}

package org.crisisline.events;

/**
 * The yes/no answers of the Columbia Suicide Severity Rating Scale screener (C-SSRS Screen
 * Version, past month, with the lifetime/past-3-months behaviour question). Codes only: no free
 * text, so it travels in clear. An item not asked (the screener skips questions 3 to 5 when
 * question 2 is no) is {@code false}.
 *
 * @param wishToBeDead               Q1: wished you were dead or could go to sleep and not wake up
 * @param suicidalThoughts           Q2: actually had thoughts of killing yourself
 * @param thoughtsWithMethod         Q3: thought about how you might do this
 * @param intent                     Q4: had these thoughts and had some intention of acting on them
 * @param intentWithPlan             Q5: started to work out or worked out the details of how, and intend to carry it out
 * @param behaviour                  Q6: ever done, started or prepared to do anything to end your life
 * @param behaviourWithinThreeMonths Q6, if yes: was that within the past three months
 */
public record RiskScreen(
    boolean wishToBeDead,
    boolean suicidalThoughts,
    boolean thoughtsWithMethod,
    boolean intent,
    boolean intentWithPlan,
    boolean behaviour,
    boolean behaviourWithinThreeMonths) {

  /** The risk level of these answers by the screener's published triage ({@link CssrsTriage}). */
  public RiskLevel level() {
    return CssrsTriage.level(this);
  }
}

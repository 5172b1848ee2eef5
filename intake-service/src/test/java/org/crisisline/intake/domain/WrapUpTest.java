package org.crisisline.intake.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.crisisline.events.Disposition;
import org.crisisline.events.RiskLevel;
import org.junit.jupiter.api.Test;

class WrapUpTest {
  private static WrapUp parse(String json) {
    return WrapUp.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anEmptyBodyIsAnEmptyWrapUp() {
    WrapUp w = WrapUp.parse(new byte[0]);
    assertThat(w.disposition()).isNull();
    assertThat(w.riskLevel()).isNull();
  }

  @Test
  void itemsLeftOutWereNotAskedAndReadNo() {
    WrapUp w = parse("{\"disposition\":\"SAFETY_PLAN_MADE\",\"riskScreen\":{\"wishToBeDead\":true,\"suicidalThoughts\":false,"
        + "\"behaviour\":false},\"safetyPlan\":true}");
    assertThat(w.riskScreen().thoughtsWithMethod()).isFalse();
    assertThat(w.riskLevel()).isEqualTo(RiskLevel.LOW);
    assertThat(w.safetyPlan()).isTrue();
    assertThat(w.activeRescue()).isNull();
  }

  @Test
  void aNoteWithoutADispositionIsFiledUnderOther() {
    assertThat(parse("{\"note\":\"words\"}").disposition()).isEqualTo(Disposition.OTHER);
    assertThat(parse("{\"outcome\":\"older words\"}").note()).isEqualTo("older words");
  }

  @Test
  void recentBehaviourWithoutBehaviourIsRefused() {
    assertThatThrownBy(() -> parse("{\"riskScreen\":{\"behaviourWithinThreeMonths\":true}}"))
        .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.errors()).extracting(FieldError::field)
            .containsExactly("riskScreen.behaviourWithinThreeMonths"));
  }

  @Test
  void aScreenThatIsNotAnObjectIsRefused() {
    assertThatThrownBy(() -> parse("{\"riskScreen\":[true]}"))
        .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.errors()).extracting(FieldError::field)
            .containsExactly("riskScreen"));
  }
}

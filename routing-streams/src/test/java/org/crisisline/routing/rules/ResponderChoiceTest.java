package org.crisisline.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;
import org.crisisline.routing.rules.ResponderChoice.Candidate;
import org.junit.jupiter.api.Test;

class ResponderChoiceTest {

  @Test
  void theResponderIdleLongestIsChosen() {
    assertThat(first(new Candidate(2_000, 0, "a"), new Candidate(1_000, 2, "b"))).isEqualTo("b");
  }

  @Test
  void amongEquallyIdleRespondersTheOneWithFewestRequestsIsChosen() {
    assertThat(first(new Candidate(1_000, 1, "a"), new Candidate(1_000, 0, "b"))).isEqualTo("b");
  }

  @Test
  void aCompleteTieIsBrokenByIdSoTheChoiceIsDeterministic() {
    assertThat(first(new Candidate(1_000, 0, "z"), new Candidate(1_000, 0, "m"))).isEqualTo("m");
  }

  private static String first(Candidate... candidates) {
    return new TreeSet<>(List.of(candidates)).first().responderId();
  }
}

package org.crisisline.intake.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.crisisline.events.FollowUpOutcome;
import org.junit.jupiter.api.Test;

class FollowUpInputTest {
  private static final Instant NOW = Instant.parse("2026-11-27T15:00:00Z");

  private static byte[] body(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static void rejects(String json, String field, String message) {
    assertThatThrownBy(() -> FollowUpInput.parse(body(json), NOW)).isInstanceOfSatisfying(InvalidInput.class,
        e -> assertThat(e.errors()).anySatisfy(err -> {
          assertThat(err.field()).isEqualTo(field);
          assertThat(err.message()).contains(message);
        }));
  }

  @Test
  void aDueTimeAheadWithinAYearAndAnOptionalNoteAreAccepted() {
    FollowUpInput in = FollowUpInput.parse(body("{\"dueAt\": \"2026-11-28T09:00:00Z\", \"note\": \"call after work\"}"), NOW);
    assertThat(in.dueAt()).isEqualTo(Instant.parse("2026-11-28T09:00:00Z"));
    assertThat(in.note()).isEqualTo("call after work");
    assertThat(FollowUpInput.parse(body("{\"dueAt\": \"" + NOW.plus(Duration.ofDays(365)) + "\"}"), NOW).note()).isNull();
  }

  @Test
  void aDueTimeInThePastMissingMalformedOrMoreThanAYearAheadNamesDueAt() {
    rejects("{\"dueAt\": \"2026-11-27T14:59:59Z\"}", "dueAt", "future");
    rejects("{\"dueAt\": \"" + NOW + "\"}", "dueAt", "future");
    rejects("{\"dueAt\": \"" + NOW.plus(Duration.ofDays(366)) + "\"}", "dueAt", "year");
    rejects("{\"dueAt\": \"tomorrow\"}", "dueAt", "date-time");
    rejects("{\"note\": \"x\"}", "dueAt", "required");
    rejects("{\"dueAt\": \"2026-11-28T09:00:00Z\", \"note\": \"" + "x".repeat(1001) + "\"}", "note", "length");
    rejects("{\"dueAt\": \"2026-11-28T09:00:00Z\", \"when\": 1}", "when", "");
  }

  @Test
  void anErrorNeverEchoesTheNote() {
    assertThatThrownBy(() -> FollowUpInput.parse(body("{\"dueAt\": \"bad\", \"note\": \"SECRET-NOTE\"}"), NOW))
        .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.errors().toString()).doesNotContain("SECRET-NOTE"));
  }

  @Test
  void anOutcomeIsOneOfTheFourCodes() {
    assertThat(FollowUpInput.outcome(body("{\"outcome\": \"LEFT_MESSAGE\"}"))).isEqualTo(FollowUpOutcome.LEFT_MESSAGE);
    assertThatThrownBy(() -> FollowUpInput.outcome(body("{\"outcome\": \"MAYBE\"}")))
        .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("outcome"));
    assertThatThrownBy(() -> FollowUpInput.outcome(body("{}")))
        .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("outcome"));
  }
}

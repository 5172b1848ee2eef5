package org.crisisline.intake.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.crisisline.events.Need;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

class HandoffInputTest {
  private static HandoffInput parse(String json) {
    return HandoffInput.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static void refused(String json, String field) {
    assertThatThrownBy(() -> parse(json)).isInstanceOf(InvalidInput.class)
        .satisfies(e -> assertThat(((InvalidInput) e).errors()).extracting(FieldError::field).contains(field));
  }

  @Test
  void peerSupportNeedsNothingMore() {
    HandoffInput in = parse("{\"need\": \"PEER_SUPPORT\"}");
    assertThat(in.need()).isEqualTo(Need.PEER_SUPPORT);
    assertThat(in.referralKind()).isNull();
    assertThat(in.urgency()).isNull();
    assertThat(in.note()).isNull();
  }

  @Test
  void aReferralNamesItsKindAndMayNameAServiceAnUrgencyAndANote() {
    HandoffInput in = parse("""
        {"need": "REFERRAL", "referralKind": "SUPPORT_GROUP", "serviceId": "svc-1", "urgency": "LOW", "note": "x"}""");
    assertThat(in.referralKind()).isEqualTo(ReferralKind.SUPPORT_GROUP);
    assertThat(in.serviceId()).isEqualTo("svc-1");
    assertThat(in.urgency()).isEqualTo(Urgency.LOW);
    assertThat(in.note()).isEqualTo("x");
  }

  @Test
  void aBlankNoteIsNoNote() {
    assertThat(parse("{\"need\": \"PEER_SUPPORT\", \"note\": \"  \"}").note()).isNull();
  }

  @Test
  void badBodiesNameTheirField() {
    refused("{}", "need");
    refused("{\"need\": \"CRISIS_COUNSELLING\"}", "need");
    refused("{\"need\": \"REFERRAL\"}", "referralKind");
    refused("{\"need\": \"PEER_SUPPORT\", \"referralKind\": \"SUPPORT_GROUP\"}", "referralKind");
    refused("{\"need\": \"PEER_SUPPORT\", \"serviceId\": \"svc-1\"}", "serviceId");
    refused("{\"need\": \"REFERRAL\", \"referralKind\": \"SUPPORT_GROUP\", \"serviceId\": \"<svc>\"}", "serviceId");
    refused("{\"need\": \"PEER_SUPPORT\", \"urgency\": \"SOON\"}", "urgency");
    refused("{\"need\": \"PEER_SUPPORT\", \"note\": \"" + "x".repeat(HandoffInput.NOTE_MAX + 1) + "\"}", "note");
    refused("{\"need\": \"PEER_SUPPORT\", \"callerPhone\": \"+15035550100\"}", "callerPhone");
  }

  @Test
  void itsTextNeverShowsTheNote() {
    assertThat(parse("{\"need\": \"PEER_SUPPORT\", \"note\": \"she has pills\"}").toString()).doesNotContain("pills");
  }
}

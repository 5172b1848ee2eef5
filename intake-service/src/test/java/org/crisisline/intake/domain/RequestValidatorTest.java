package org.crisisline.intake.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.crisisline.events.Need;
import org.crisisline.events.ReferralKind;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {
  private final RequestValidator validator = new RequestValidator(Set.of("north", "south")::contains);

  static final String VALID = """
      {"channel": "PHONE", "urgency": "HIGH", "need": "REFERRAL", "referralKind": "SUPPORT_GROUP",
       "language": "es", "region": "north", "postalCode": "97201", "ageGroup": "ADULT",
       "specialties": ["VETERANS"], "summary": "short notes (PII)",
       "callerContact": {"phone": "+15035550100", "email": null, "consentToContact": true}}""";

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private String[] fieldsAtFault(String body) {
    try {
      validator.validate(b(body));
      return new String[0];
    } catch (InvalidInput e) {
      return e.errors().stream().map(FieldError::field).toArray(String[]::new);
    }
  }

  @Test
  void acceptsTheContractExample() {
    // Given the body of architecture.md / When validated
    NewRequest r = validator.validate(b(VALID));
    // Then every field is read
    assertThat(r.need()).isEqualTo(Need.REFERRAL);
    assertThat(r.referralKind()).isEqualTo(ReferralKind.SUPPORT_GROUP);
    assertThat(r.callerContact().phone()).isEqualTo("+15035550100");
    assertThat(r.specialties()).containsExactly("VETERANS");
  }

  @Test
  void listsEveryFieldAtFaultAtOnce() {
    // Given a body wrong in many places
    String body = """
        {"channel": "FAX", "urgency": "SOON", "need": "REFERRAL", "language": "xx", "region": "atlantis",
         "callerContact": {"phone": "555-0100", "email": "not-an-email", "consentToContact": "yes"},
         "extra": 1}""";
    // Then each one is named
    assertThat(fieldsAtFault(body)).contains("channel", "urgency", "referralKind", "language", "region",
        "callerContact.phone", "callerContact.email", "callerContact.consentToContact", "extra");
  }

  @Test
  void refusesAReferralKindWithoutAReferralNeed() {
    assertThat(fieldsAtFault(VALID.replace("\"need\": \"REFERRAL\"", "\"need\": \"PEER_SUPPORT\"")))
        .containsExactly("referralKind");
  }

  @Test
  void refusesPhonesThatAreNotValidE164() {
    for (String phone : new String[] {"+1503555", "15035550100", "+1 503 555 0100", "+10000000000", "+15035550100x"}) {
      assertThat(fieldsAtFault(VALID.replace("+15035550100", phone))).as(phone).contains("callerContact.phone");
    }
  }

  @Test
  void refusesOverlongSummaryAndTooManySpecialties() {
    String longSummary = VALID.replace("short notes (PII)", "x".repeat(RequestValidator.SUMMARY_MAX + 1));
    assertThat(fieldsAtFault(longSummary)).containsExactly("summary");
    String many = VALID.replace("[\"VETERANS\"]", "[\"A\",\"B\",\"C\",\"D\",\"E\",\"F\",\"G\",\"H\",\"I\",\"J\",\"K\"]");
    assertThat(fieldsAtFault(many)).containsExactly("specialties");
  }

  @Test
  void refusesMalformedDuplicateOrNonObjectBodies() {
    for (String body : new String[] {"", "null", "[]", "\"x\"", "{", "{\"channel\":\"PHONE\",\"channel\":\"TEXT\"}", "{} {}"}) {
      assertThatThrownBy(() -> validator.validate(b(body))).as(body).isInstanceOf(InvalidInput.class);
    }
  }

  @Test
  void errorMessagesNeverQuoteTheValue() {
    // Given PII-looking values in wrong places
    String body = VALID.replace("\"+15035550100\"", "\"+1503555CALLME\"").replace("short notes (PII)", "secret\u0001note");
    // Then the messages name the rule, not the value
    try {
      validator.validate(b(body));
    } catch (InvalidInput e) {
      assertThat(e.errors()).extracting(FieldError::message).noneMatch(m -> m.contains("CALLME") || m.contains("secret"));
      return;
    }
    throw new AssertionError("expected invalid input");
  }
}

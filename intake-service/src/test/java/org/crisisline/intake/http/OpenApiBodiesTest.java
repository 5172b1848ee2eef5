package org.crisisline.intake.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.crisisline.events.Channel;
import org.crisisline.events.Need;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.Urgency;
import org.crisisline.intake.domain.FieldError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI file is valid OpenAPI, its schemas accept the contract's example and refuse defects. */
class OpenApiBodiesTest {
  private static Vertx vertx;
  private static OpenApiBodies bodies;

  static final String EXAMPLE = """
      {"channel": "PHONE", "urgency": "HIGH", "need": "REFERRAL", "referralKind": "SUPPORT_GROUP",
       "language": "es", "region": "north", "postalCode": "97201", "ageGroup": "ADULT",
       "specialties": ["VETERANS"], "summary": "short notes (PII)",
       "callerContact": {"phone": "+15035550100", "email": null, "consentToContact": true}}""";

  @BeforeAll
  static void load() throws Exception {
    vertx = Vertx.vertx();
    bodies = OpenApiBodies.load(vertx, Duration.ofSeconds(20));
  }

  @AfterAll
  static void close() {
    vertx.close();
  }

  private static java.util.List<String> fields(String op, String body) {
    return bodies.check(op, body.getBytes(StandardCharsets.UTF_8)).stream().map(FieldError::field).toList();
  }

  @Test
  void everyJsonBodyOperationHasASchema() {
    assertThat(bodies.operations()).contains("login", "logRequest", "cancelRequest", "completeRequest",
        "putResponder", "putResponderStatus", "acceptOffer", "declineOffer", "putService");
  }

  @Test
  void theContractExampleIsValid() {
    assertThat(fields("logRequest", EXAMPLE)).isEmpty();
  }

  @Test
  void defectsAreNamedByFieldWithoutTheirValues() {
    String bad = EXAMPLE.replace("\"PHONE\"", "\"FAX\"").replace("\"es\"", "\"spanish\"")
        .replace("+15035550100", "call-me-555").replace("\"ADULT\"", "\"ADULT\", \"extra\": 1");
    var errors = bodies.check("logRequest", bad.getBytes(StandardCharsets.UTF_8));
    assertThat(errors).extracting(FieldError::field).contains("channel", "language", "callerContact.phone");
    assertThat(errors).extracting(FieldError::message).noneMatch(m -> m.contains("call-me") || m.contains("FAX"));
    assertThat(fields("logRequest", "{}")).isNotEmpty();
    assertThat(fields("logRequest", "[1")).containsExactly("body");
  }

  @Test
  void aMissingRequiredFieldIsNamedRatherThanBlamedOnTheWholeBody() {
    // Given a request without its urgency, and one whose caller contact lacks consent
    String noUrgency = EXAMPLE.replace("\"urgency\": \"HIGH\", ", "");
    String noConsent = EXAMPLE.replace(", \"consentToContact\": true", "");
    // Then the schema names the missing fields themselves
    assertThat(fields("logRequest", noUrgency)).containsExactly("urgency");
    assertThat(fields("logRequest", noConsent)).containsExactly("callerContact.consentToContact");
  }

  @Test
  void eachFieldAtFaultIsListedOnceAndObjectWideSchemaErrorsGiveWayToTheDomainsFieldErrors() {
    // Given what the domain validator and the schema each found in one bad body
    var domain = java.util.List.of(new FieldError("urgency", "is required"), new FieldError("extra", "unknown field"),
        new FieldError("callerContact.phone", "is not a valid phone number"));
    var schema = java.util.List.of(new FieldError("urgency", "is required"),
        new FieldError("body", "violates schema keyword 'additionalProperties'"),
        new FieldError("callerContact", "violates schema keyword 'additionalProperties'"),
        new FieldError("callerContact.phone", "violates schema keyword 'pattern'"),
        new FieldError("channel", "violates schema keyword 'enum'"));
    // When merged
    var merged = OpenApiBodies.merge(domain, schema);
    // Then every field appears once, in the domain's words where it has them, and no generic duplicate
    assertThat(merged).extracting(FieldError::field)
        .containsExactly("urgency", "extra", "callerContact.phone", "channel");
    assertThat(merged).extracting(FieldError::message).contains("is not a valid phone number")
        .doesNotContain("violates schema keyword 'pattern'", "violates schema keyword 'additionalProperties'");
    // And with nothing from the domain, the schema's own field errors still come through
    assertThat(OpenApiBodies.merge(java.util.List.of(), schema)).extracting(FieldError::field)
        .containsExactly("urgency", "callerContact.phone", "channel");
  }

  @Test
  void theSchemaEnumsAreTheJavaEnums() throws Exception {
    String yaml = new String(OpenApiBodiesTest.class.getResourceAsStream("/openapi.yaml").readAllBytes(), StandardCharsets.UTF_8);
    for (Class<? extends Enum<?>> e : java.util.List.of(Channel.class, Urgency.class, Need.class, ReferralKind.class,
        ResponderStatus.class)) {
      String names = String.join(", ", Arrays.stream(e.getEnumConstants()).map(Enum::name).toList());
      assertThat(yaml).as(e.getSimpleName()).contains("enum: [" + names + "]");
    }
  }
}

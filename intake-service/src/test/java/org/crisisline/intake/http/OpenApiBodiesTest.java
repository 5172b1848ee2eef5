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
  void theSchemaEnumsAreTheJavaEnums() throws Exception {
    String yaml = new String(OpenApiBodiesTest.class.getResourceAsStream("/openapi.yaml").readAllBytes(), StandardCharsets.UTF_8);
    for (Class<? extends Enum<?>> e : java.util.List.of(Channel.class, Urgency.class, Need.class, ReferralKind.class,
        ResponderStatus.class)) {
      String names = String.join(", ", Arrays.stream(e.getEnumConstants()).map(Enum::name).toList());
      assertThat(yaml).as(e.getSimpleName()).contains("enum: [" + names + "]");
    }
  }
}

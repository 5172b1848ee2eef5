package org.crisisline.intake.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The response validator finds what an OpenAPI-validating proxy would, and never prints values. */
class OpenApiResponsesTest {
  private static final String JSON = "application/json; charset=utf-8";
  private final OpenApiResponses contract = OpenApiResponses.contract();

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aResponseAsDescribedPasses() {
    assertThat(contract.violations("GET", "/api/v1/requests/req-1", 200, JSON, b("""
        {"requestId":"req-1","status":"QUEUED","urgency":"HIGH","need":"REFERRAL","referralKind":"SUPPORT_GROUP",
         "region":"north","language":"en","channel":"PHONE","loggedAt":"2026-01-01T00:00:00Z","timeline":[]}""")))
        .isEmpty();
    assertThat(contract.violations("POST", "/api/v1/requests", 401, "application/problem+json",
        b("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401}"))).isEmpty();
  }

  @Test
  void valuesOutsideTheirEnumsAreFoundByFieldPathWithoutTheValue() {
    var found = contract.violations("GET", "/api/v1/requests/req-1", 200, JSON, b("""
        {"requestId":"req-1","status":"LOST","urgency":"HIGH","need":"REFERRAL","referralKind":"+15035550100"}"""));
    assertThat(found).anyMatch(v -> v.startsWith("/status ") && v.contains("enum"))
        .anyMatch(v -> v.startsWith("/referralKind "))
        .noneMatch(v -> v.contains("LOST") || v.contains("+1503"));
  }

  @Test
  void undocumentedStatusesPathsMethodsAndMediaTypesAreViolations() {
    assertThat(contract.violations("GET", "/api/v1/queues", 418, JSON, b("[]")))
        .singleElement().asString().contains("418");
    assertThat(contract.violations("GET", "/api/v1/nowhere", 200, JSON, b("[]"))).isNotEmpty();
    assertThat(contract.violations("DELETE", "/api/v1/queues", 200, JSON, b("[]"))).isNotEmpty();
    assertThat(contract.violations("GET", "/api/v1/queues", 200, "text/plain", b("[]"))).isNotEmpty();
    assertThat(contract.violations("GET", "/api/v1/queues", 403, JSON, b("{}")))
        .singleElement().asString().contains("application/json");
  }

  @Test
  void aLiteralSegmentWinsOverAPathParameter() {
    assertThat(contract.operation("POST", "/api/v1/directory/import")).get()
        .extracting(m -> m.operation().getOperationId()).isEqualTo("importHsds");
    assertThat(contract.operation("PUT", "/api/v1/directory/svc-1")).get()
        .extracting(m -> m.operation().getOperationId()).isEqualTo("putService");
  }

  @Test
  void theFailureNamesTheOperationNotTheConcretePathOrItsQuery() {
    assertThatThrownBy(() -> contract.assertMatches("GET", "/r/secret-token?x=y", 500, "text/html", b("<p>")))
        .hasMessageContaining("GET /r/{token} (showLink) answered 500").hasMessageNotContaining("secret-token");
  }

  @Test
  void pagesOutsideTheApiAreNotTheDescriptionsBusiness() {
    contract.assertMatches("GET", "/dashboard", 200, "text/html", b("<html>"));
    assertThat(contract.covers("/assets/app.css")).isFalse();
    assertThat(contract.covers("/api/v1/anything")).isTrue();
  }

  @Test
  void deliberatelyUndocumentedCallsMustStillAnswerProblems() {
    OpenApiResponses.checkProblem(404, "application/problem+json", b("{\"title\":\"Not Found\",\"status\":404}"));
    assertThatThrownBy(() -> OpenApiResponses.checkProblem(404, "text/html", b("<p>"))).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> OpenApiResponses.checkProblem(404, "application/problem+json", b("{\"status\":\"x\"}")))
        .isInstanceOf(AssertionError.class);
  }
}

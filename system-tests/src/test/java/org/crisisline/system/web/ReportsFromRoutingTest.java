package org.crisisline.system.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The KPI report from what the real services write (no browser): requests logged through intake,
 * offered by routing, accepted and completed by a responder, or cancelled before anybody accepted —
 * the read model counts routing's own transitions, not a test's imitation of them.
 */
@ExtendWith({RealKafka.class, WebStack.class})
class ReportsFromRoutingTest {
  private static WebStack stack;

  @BeforeAll
  static void stack() {
    stack = WebStack.current();
  }

  @Test
  void theReportCountsWhatRoutingDecided() {
    // Given a counsellor available in a region of its own
    String region = WebStack.unique("e2e-kpi");
    String responder = stack.registerResponder(region, "HOTLINE_COUNSELLOR");
    stack.setStatus(responder, "AVAILABLE", null);
    // When one request is accepted and completed with a HIGH-risk screen
    String answered = stack.logRequest("HIGH", region);
    AtomicReference<String> offerId = new AtomicReference<>();
    await("offer made").atMost(Duration.ofSeconds(20)).until(() -> {
      JsonNode offers = stack.currentOffers(responder);
      offerId.set(offers.size() == 0 ? null : offers.get(0).path("offerId").asText());
      return offerId.get() != null;
    });
    stack.accept(responder, offerId.get());
    await("accepted").atMost(Duration.ofSeconds(20)).until(() -> stack.requestStatus(answered).equals("ACCEPTED"));
    stack.complete(responder, answered, Map.of("disposition", "SUPPORTED_DE_ESCALATED",
        "riskScreen", Map.of("wishToBeDead", true, "intentWithPlan", true)));
    // And another is cancelled before anybody accepted it
    String gaveUp = stack.logRequest("LOW", region);
    stack.cancel(gaveUp);
    await("both ended").atMost(Duration.ofSeconds(20)).until(() -> stack.requestStatus(answered).equals("COMPLETED")
        && stack.requestStatus(gaveUp).equals("CANCELLED"));
    // Then today's report for the region says so
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    String query = "from=" + today + "&to=" + today + "&interval=day&region=" + region;
    await("the report").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      JsonNode b = stack.kpis(query).path("buckets").get(0);
      assertThat(b.path("logged").asInt()).isEqualTo(2);
      assertThat(b.path("accepted").asInt()).isEqualTo(1);
      assertThat(b.path("answerRate").asDouble()).isEqualTo(0.5);
      assertThat(b.path("answeredWithinSla").asInt()).isEqualTo(1);
      assertThat(b.path("abandoned").asInt()).isEqualTo(1);
      assertThat(b.path("completed").asInt()).isEqualTo(1);
      assertThat(b.path("speedToAnswer").path("mean").asDouble()).isPositive().isLessThan(60.0);
      assertThat(b.path("dispositions").path("SUPPORTED_DE_ESCALATED").asInt()).isEqualTo(1);
      assertThat(b.path("riskLevels").path("HIGH").asInt()).isEqualTo(1);
    });
  }
}

package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crisisline.intake.component.IntakeFixture.call;
import static org.crisisline.intake.component.IntakeFixture.login;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.crisisline.events.Ids;
import org.crisisline.events.RoutingPolicyPublished;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /api/v1/policy and request regions come from the routing policies published on {@code routing-policy}. */
@ExtendWith(RealKafka.class)
class IntakePolicyTest {

  @Test
  void thePublishedPolicyIsShownToSupervisorsAndItsRegionsAreAccepted() throws Exception {
    IntakeFixture.app();
    String supervisor = login("supervisor");
    String staff = login("staff");
    String region = "pol-" + UUID.randomUUID().toString().substring(0, 6);
    String a = "routing-test/" + UUID.randomUUID();
    String b = "routing-test/" + UUID.randomUUID();
    try (var routing = new TestProducer()) {
      // Given a routing instance publishes a policy with a new region
      routing.send(Topics.ROUTING_POLICY, a, published(a, "aaaaaaaaaaaa", region));
      // Then a supervisor sees it, and staff may log a request for that region
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        var policy = call("GET", "/api/v1/policy", supervisor, null);
        assertThat(policy.status()).isEqualTo(200);
        assertThat(policy.json().get("regions").toString()).contains(region);
      });
      var logged = call("POST", "/api/v1/requests", staff,
          IntakeFixture.request("n", "+15035550100", "a@example.org").replace("\"north\"", "\"" + region + "\""),
          "Idempotency-Key", UUID.randomUUID().toString());
      assertThat(logged.status()).isBetween(200, 202);
      assertThat(call("GET", "/api/v1/policy", staff, null).status()).isEqualTo(403);

      // When a second instance publishes another version, Then the mismatch shows
      routing.send(Topics.ROUTING_POLICY, b, published(b, "bbbbbbbbbbbb", region));
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        var policy = call("GET", "/api/v1/policy", supervisor, null).json();
        assertThat(policy.get("version").asText()).isEqualTo("bbbbbbbbbbbb");
        assertThat(policy.get("mismatch").asBoolean()).isTrue();
        assertThat(policy.get("versions").toString()).contains(a, b);
      });
      // When both stop (tombstones), Then the region is no longer known from the policy
      routing.send(Topics.ROUTING_POLICY, a, null);
      routing.send(Topics.ROUTING_POLICY, b, null);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(call("GET", "/api/v1/policy", supervisor, null).json().get("versions").toString())
              .doesNotContain(a, b));
    }
  }

  private static RoutingPolicyPublished published(String instance, String version, String region) {
    return new RoutingPolicyPublished(Ids.newId(), Instant.now(), instance, version, List.of("north", region),
        Map.of("regions", "north," + region));
  }
}

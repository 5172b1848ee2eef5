package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crisisline.intake.component.IntakeFixture.call;
import static org.crisisline.intake.component.IntakeFixture.login;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Idempotency-Key on POST /api/v1/requests: replay → the original response and nothing new on
 * {@code help-requests}; other body → 422; missing → 400; keys per caller; concurrent identical
 * requests → exactly one record; and after a restart the key still replays and the request
 * still reads (views and keys rebuilt from Kafka).
 */
@ExtendWith(RealKafka.class)
class IntakeIdempotencyTest {
  private static String staff;

  @BeforeAll
  static void start() {
    IntakeFixture.app();
    staff = login("staff");
  }

  /** A request body made unique by its postal code, so its records can be counted on the topic. */
  private static String body(String marker) {
    return IntakeFixture.request("notes", "+15035550100", "c@example.org").replace("97201", marker);
  }

  private static String marker() {
    return "M" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase();
  }

  private static long recordsWith(String marker) {
    try (var topic = new TestConsumer<>(Topics.HELP_REQUESTS)) {
      return topic.values().stream().filter(e -> e instanceof HelpRequestLogged l && marker.equals(l.postalCode())).count();
    }
  }

  @Test
  void aReplayReturnsTheOriginalResponseAndPublishesNothingNew() {
    // Given a logged request
    String key = UUID.randomUUID().toString();
    String marker = marker();
    var first = call("POST", "/api/v1/requests", staff, body(marker), "Idempotency-Key", key);
    assertThat(first.status()).isEqualTo(202);
    // When the same request is sent again with the same key
    var replay = call("POST", "/api/v1/requests", staff, body(marker), "Idempotency-Key", key);
    // Then the first response comes back, marked as a replay, and the topic holds one record
    assertThat(replay.status()).isEqualTo(202);
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(recordsWith(marker)).isEqualTo(1);
  }

  @Test
  void theSameKeyWithAnotherBodyIs422AndAMissingKeyIs400() {
    String key = UUID.randomUUID().toString();
    assertThat(call("POST", "/api/v1/requests", staff, body(marker()), "Idempotency-Key", key).status()).isEqualTo(202);
    var other = call("POST", "/api/v1/requests", staff, body(marker()), "Idempotency-Key", key);
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.header("Content-Type")).startsWith("application/problem+json");
    var missing = call("POST", "/api/v1/requests", staff, body(marker()));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().get("errors").get(0).get("field").asText()).isEqualTo("Idempotency-Key");
    assertThat(call("POST", "/api/v1/requests", staff, body(marker()), "Idempotency-Key", "bad key").status())
        .isEqualTo(400);
  }

  @Test
  void keysAreScopedToTheCaller() {
    // Given a key used by staff
    String key = UUID.randomUUID().toString();
    var mine = call("POST", "/api/v1/requests", staff, body(marker()), "Idempotency-Key", key);
    // When another staff member uses the same key with their own request
    var theirs = call("POST", "/api/v1/requests", Tokens.forUser("staff-two", "staff"), body(marker()),
        "Idempotency-Key", key);
    // Then theirs is a request of its own
    assertThat(theirs.status()).isEqualTo(202);
    assertThat(theirs.json().get("requestId").asText()).isNotEqualTo(mine.json().get("requestId").asText());
  }

  @Test
  void concurrentIdenticalRequestsProduceExactlyOneRecord() throws Exception {
    // Given eight identical requests with one key, released at once
    String key = UUID.randomUUID().toString();
    String marker = marker();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<IntakeFixture.Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      replies.add(CompletableFuture.supplyAsync(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return call("POST", "/api/v1/requests", staff, body(marker), "Idempotency-Key", key);
      }, pool));
    }
    go.countDown();
    List<IntakeFixture.Reply> done = replies.stream().map(CompletableFuture::join).toList();
    pool.shutdown();
    // Then each got the one answer or "in flight", all 202s name one request, and one record exists
    assertThat(done).extracting(IntakeFixture.Reply::status).allMatch(s -> s == 202 || s == 409);
    assertThat(done.stream().filter(r -> r.status() == 202).map(r -> r.json().get("requestId").asText()).distinct())
        .hasSize(1);
    assertThat(recordsWith(marker)).isEqualTo(1);
  }

  @Test
  void afterARestartTheKeyStillReplaysAndTheRequestStillReads() {
    // Given a logged request
    String key = UUID.randomUUID().toString();
    String marker = marker();
    var first = call("POST", "/api/v1/requests", staff, body(marker), "Idempotency-Key", key);
    String requestId = first.json().get("requestId").asText();
    // When intake restarts (views and keys rebuilt from the topics)
    IntakeFixture.restart();
    // Then the request reads, and the key replays without a new record
    var read = call("GET", "/api/v1/requests/" + requestId, staff, null);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().get("region").asText()).isEqualTo("north");
    var replay = call("POST", "/api/v1/requests", staff, body(marker), "Idempotency-Key", key);
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(recordsWith(marker)).isEqualTo(1);
    assertThat(Duration.ofHours(24)).isLessThanOrEqualTo(org.crisisline.intake.domain.IdempotencyStore.TTL);
  }
}

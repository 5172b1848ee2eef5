package org.crisisline.intake.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.crisisline.events.IdempotencyRecord;
import org.junit.jupiter.api.Test;

class IdempotencyStoreTest {
  private final IdempotencyStore store = new IdempotencyStore();
  private final Instant now = Instant.parse("2026-11-20T10:00:00Z");
  private final byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

  @Test
  void firstUseProceedsThenAReplayReturnsTheOriginal() {
    // Given a first request
    var first = store.begin("staff:k1", body, now);
    assertThat(first).isInstanceOf(IdempotencyStore.Proceed.class);
    // When it completes
    store.complete(IdempotencyStore.record((IdempotencyStore.Proceed) first, 202, "{\"requestId\":\"r1\"}", "e1", now));
    // Then the same key and body replays it
    var again = store.begin("staff:k1", body, now.plusSeconds(60));
    assertThat(again).isInstanceOf(IdempotencyStore.Replay.class);
    assertThat(((IdempotencyStore.Replay) again).original().responseBody()).contains("r1");
  }

  @Test
  void sameKeyWithAnotherBodyIsAMismatchBothInFlightAndAfter() {
    var first = store.begin("staff:k2", body, now);
    assertThat(store.begin("staff:k2", "{\"a\":2}".getBytes(StandardCharsets.UTF_8), now))
        .isInstanceOf(IdempotencyStore.Mismatch.class);
    store.complete(IdempotencyStore.record((IdempotencyStore.Proceed) first, 202, "{}", "e", now));
    assertThat(store.begin("staff:k2", "{\"a\":2}".getBytes(StandardCharsets.UTF_8), now))
        .isInstanceOf(IdempotencyStore.Mismatch.class);
  }

  @Test
  void aKeyInFlightIsAConflictUntilAbandoned() {
    store.begin("staff:k3", body, now);
    assertThat(store.begin("staff:k3", body, now)).isInstanceOf(IdempotencyStore.InFlight.class);
    store.abandon("staff:k3");
    assertThat(store.begin("staff:k3", body, now)).isInstanceOf(IdempotencyStore.Proceed.class);
  }

  @Test
  void aStoreWithAShorterTimeKeepsAResponseThatLongThenListsItAsExpired() {
    IdempotencyStore quick = new IdempotencyStore(java.time.Duration.ofMinutes(10));
    var first = (IdempotencyStore.Proceed) quick.begin("staff:k5", body, now);
    quick.complete(IdempotencyStore.record(first, 202, "{}", "e5", now));
    assertThat(quick.begin("staff:k5", body, now.plusSeconds(599))).isInstanceOf(IdempotencyStore.Replay.class);
    assertThat(quick.expired(now.plusSeconds(599))).isEmpty();
    assertThat(quick.expired(now.plusSeconds(600))).containsExactly("staff:k5");
    // and the tombstone's echo forgets it
    quick.load("staff:k5", null);
    assertThat(quick.begin("staff:k5", body, now.plusSeconds(601))).isInstanceOf(IdempotencyStore.Proceed.class);
  }

  @Test
  void keysAreScopedToTheCaller() {
    store.begin(IdempotencyStore.scope("alice", "k"), body, now);
    assertThat(store.begin(IdempotencyStore.scope("bob", "k"), body, now)).isInstanceOf(IdempotencyStore.Proceed.class);
  }

  @Test
  void aRecordLoadedFromTheTopicReplaysAfterARestartUntilItExpires() {
    // Given a record read back from idempotency-keys by a fresh store
    IdempotencyRecord kept = new IdempotencyRecord("e", now, "staff:k4", IdempotencyStore.hash(body), 202, "{}",
        now.plus(IdempotencyStore.TTL));
    store.load("staff:k4", kept);
    // Then it replays within 24 h and is forgotten after
    assertThat(store.begin("staff:k4", body, now.plusSeconds(3600))).isInstanceOf(IdempotencyStore.Replay.class);
    assertThat(store.begin("staff:k4", body, now.plus(IdempotencyStore.TTL).plusSeconds(1)))
        .isInstanceOf(IdempotencyStore.Proceed.class);
  }

  @Test
  void keysMustBeVisibleAsciiUpTo255() {
    assertThat(IdempotencyStore.validKey("8e03978e-40d5-43e8-bc93-6894a57f9324")).isTrue();
    assertThat(IdempotencyStore.validKey("")).isFalse();
    assertThat(IdempotencyStore.validKey("has space")).isFalse();
    assertThat(IdempotencyStore.validKey("x".repeat(256))).isFalse();
  }
}

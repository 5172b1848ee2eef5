package org.crisisline.routing.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.Channel;
import org.crisisline.events.Event;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Need;
import org.crisisline.events.Urgency;
import org.crisisline.routing.RoutingMetrics;
import org.junit.jupiter.api.Test;

class EarlyCommitTest {

  @Test
  void at_most_the_rate_of_early_commits_one_at_a_time_whatever_the_records() {
    AtomicLong nanos = new AtomicLong(1_000_000_000L);
    EarlyCommit early = new EarlyCommit(20, nanos::get);

    // The first record may commit at once; the next ones within the same 50 ms may not
    assertThat(early.mayCommitNow()).isTrue();
    assertThat(early.mayCommitNow()).isFalse();
    nanos.addAndGet(Duration.ofMillis(30).toNanos());
    assertThat(early.mayCommitNow()).isFalse();
    // 50 ms after the last early commit, one more
    nanos.addAndGet(Duration.ofMillis(20).toNanos());
    assertThat(early.mayCommitNow()).isTrue();
    assertThat(early.mayCommitNow()).isFalse();
    // A long quiet spell earns no burst: still one at a time
    nanos.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(early.mayCommitNow()).isTrue();
    assertThat(early.mayCommitNow()).isFalse();
  }

  @Test
  void under_sustained_load_early_commits_stay_at_the_rate_not_one_per_record() {
    AtomicLong nanos = new AtomicLong();
    EarlyCommit early = new EarlyCommit(20, nanos::get);
    int commits = 0;
    // 600 records a second for 10 s
    for (int i = 0; i < 6_000; i++) {
      nanos.addAndGet(Duration.ofSeconds(1).toNanos() / 600);
      if (early.mayCommitNow()) {
        commits++;
      }
    }
    assertThat(commits).isBetween(190, 201);
  }

  @Test
  void the_request_router_commits_an_answer_right_behind_its_request_and_leaves_a_burst_to_the_interval() {
    // Given the request router in a processor context
    MockProcessorContext<String, MarketMessage> context = new MockProcessorContext<>();
    KeyValueStore<String, String> store = Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(RequestRouter.STORE), Serdes.String(), Serdes.String())
        .withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    AtomicLong nanos = new AtomicLong(5_000_000_000L);
    RequestRouter router = new RequestRouter(new RoutingMetrics(), Duration.ofDays(1), new EarlyCommit(20, nanos::get));
    router.init(context);
    context.setCurrentSystemTimeMs(1_010);

    // When a request arrives
    router.process(request("r1", 1_000));

    // Then it is re-keyed to its market and the commit is asked for now
    assertThat(context.forwarded()).hasSize(1);
    assertThat(context.forwarded().get(0).record().key()).isEqualTo("north");
    assertThat(context.committed()).isTrue();

    // When two more arrive within the same few milliseconds
    context.resetCommit();
    nanos.addAndGet(Duration.ofMillis(2).toNanos());
    router.process(request("r2", 1_002));
    router.process(request("r3", 1_005));

    // Then both go to their market, and the interval commit will carry them
    assertThat(context.forwarded()).hasSize(3);
    assertThat(context.committed()).isFalse();

    // When 60 ms later (less than the old rule's 100 ms of quiet) another record arrives
    nanos.addAndGet(Duration.ofMillis(60).toNanos());
    router.process(request("r4", 1_065));

    // Then it commits at once
    assertThat(context.committed()).isTrue();
  }

  private static Record<String, Event> request(String id, long writtenAt) {
    Instant now = Instant.ofEpochMilli(writtenAt);
    HelpRequestLogged h = new HelpRequestLogged("e-" + id, now, id, Channel.PHONE, Urgency.HIGH,
        Need.CRISIS_COUNSELLING, null, "en", "north", "97201", AgeGroup.ADULT, List.of(), null, null, false, "staff");
    return new Record<>(id, h, now.toEpochMilli());
  }
}

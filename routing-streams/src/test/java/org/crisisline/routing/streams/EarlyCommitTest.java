package org.crisisline.routing.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
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
  private final AtomicLong nanos = new AtomicLong();
  private final TimeMeter clock = new TimeMeter() {
    @Override
    public long currentTimeNanos() {
      return nanos.get();
    }

    @Override
    public boolean isWallClockBased() {
      return false;
    }
  };

  @Test
  void a_burst_commits_at_once_then_no_more_than_the_rate_whatever_the_load() {
    EarlyCommit early = new EarlyCommit(4, 20, clock);

    // A request, its answer and its completion close behind each other: each commits at once
    assertThat(early.mayCommitNow()).isTrue();
    assertThat(early.mayCommitNow()).isTrue();
    assertThat(early.mayCommitNow()).isTrue();
    assertThat(early.mayCommitNow()).isTrue();
    // A fifth at the same instant waits for the interval commit
    assertThat(early.mayCommitNow()).isFalse();

    // Under sustained load (1,000 records a second for a second) at most 20 more commit early
    int early1s = 0;
    for (int i = 0; i < 1000; i++) {
      nanos.addAndGet(Duration.ofMillis(1).toNanos());
      early1s += early.mayCommitNow() ? 1 : 0;
    }
    assertThat(early1s).isBetween(19, 20);

    // After a quiet spell the burst is back
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(early.mayCommitNow()).isTrue();
  }

  @Test
  void the_request_router_commits_a_re_keyed_request_at_once_and_leaves_the_rest_of_a_burst_to_the_interval() {
    // Given the request router of a task that holds no region aligned with these requests' ids
    MockProcessorContext<String, MarketMessage> context = new MockProcessorContext<>();
    KeyValueStore<String, String> store = Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(RequestRouter.STORE), Serdes.String(), Serdes.String())
        .withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    Duration day = Duration.ofDays(1);
    RequestRouter router = new RequestRouter(new RoutingMetrics(), day, day, day, new EarlyCommit(1, 1, clock),
        RequestRouter.Children.REKEY_ONLY);
    router.init(context);
    context.setCurrentSystemTimeMs(1_010);

    // When a request arrives
    router.process(request("r1", 1_000));

    // Then it is re-keyed to its market and the commit is asked for now
    assertThat(context.forwarded()).hasSize(1);
    assertThat(context.forwarded().get(0).record().key()).isEqualTo("north");
    assertThat(context.forwarded().get(0).childName()).hasValue(RequestRouter.FOLLOW_UPS_TO_MARKETS);
    assertThat(context.committed()).isTrue();

    // When two more arrive close behind it
    context.resetCommit();
    router.process(request("r2", 1_002));
    router.process(request("r3", 1_005));

    // Then both go to their market, and the interval commit will carry them
    assertThat(context.forwarded()).hasSize(3);
    assertThat(context.committed()).isFalse();
  }

  private static Record<String, Event> request(String id, long writtenAt) {
    Instant now = Instant.ofEpochMilli(writtenAt);
    HelpRequestLogged h = new HelpRequestLogged("e-" + id, now, id, Channel.PHONE, Urgency.HIGH,
        Need.CRISIS_COUNSELLING, null, "en", "north", "97201", AgeGroup.ADULT, List.of(), null, null, false, "staff");
    return new Record<>(id, h, now.toEpochMilli());
  }
}

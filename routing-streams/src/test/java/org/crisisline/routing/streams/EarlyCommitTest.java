package org.crisisline.routing.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
  void only_the_first_record_after_a_quiet_spell_asks_for_an_early_commit() {
    EarlyCommit early = new EarlyCommit(10);

    // A record written after a long silence asks; records written close behind it do not, nor
    // one from another partition a little out of order; one written 10 ms after the latest asks
    assertThat(early.arrivedAfterQuiet(1_000)).isTrue();
    assertThat(early.arrivedAfterQuiet(1_000)).isFalse();
    assertThat(early.arrivedAfterQuiet(1_004)).isFalse();
    assertThat(early.arrivedAfterQuiet(1_013)).isFalse();
    assertThat(early.arrivedAfterQuiet(1_009)).isFalse();
    assertThat(early.arrivedAfterQuiet(1_023)).isTrue();
  }

  @Test
  void the_request_router_commits_a_lone_re_keyed_request_at_once_and_leaves_a_burst_to_the_interval() {
    // Given the request router in a processor context, re-keying (an aligned request goes on to
    // the market in the same task, and the market asks for the commit)
    MockProcessorContext<String, MarketMessage> context = new MockProcessorContext<>();
    KeyValueStore<String, String> store = Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(RequestRouter.STORE), Serdes.String(), Serdes.String())
        .withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    Duration day = Duration.ofDays(1);
    RequestRouter router = new RequestRouter(new RoutingMetrics(), day, day, day, new EarlyCommit(10),
        RequestRouter.Children.REKEY_ONLY);
    router.init(context);
    context.setCurrentSystemTimeMs(1_010);

    // When a request written after a quiet spell arrives
    router.process(request("r1", 1_000));

    // Then it is re-keyed to its market and the commit is asked for now
    assertThat(context.forwarded()).hasSize(1);
    assertThat(context.forwarded().get(0).record().key()).isEqualTo("north");
    assertThat(context.forwarded().get(0).childName()).hasValue(RequestRouter.FOLLOW_UPS_TO_MARKETS);
    assertThat(context.committed()).isTrue();

    // When two more written close behind it arrive
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

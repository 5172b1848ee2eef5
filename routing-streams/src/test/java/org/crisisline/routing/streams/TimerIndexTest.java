package org.crisisline.routing.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.Channel;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.Urgency;
import org.crisisline.routing.market.Outcome;
import org.crisisline.routing.market.RequestState;
import org.crisisline.routing.market.RoutingEngine;
import org.crisisline.routing.market.RoutingPolicy;
import org.crisisline.routing.market.Timer;
import org.junit.jupiter.api.Test;

/** The index of deadlines, and the one-off move of deadlines from the store they were kept in before. */
class TimerIndexTest {
  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
  private final JsonStateSerde<RequestState> states = new JsonStateSerde<>(RequestState.class);

  @Test
  void deadlinesLeftInTheOldStoreMoveIntoTheirRequestsStateAndTheOldStoreIsEmptied() throws Exception {
    // Given a request logged by the version that kept deadlines apart: its state holds none
    RoutingEngine before = new RoutingEngine(RoutingPolicy.defaults());
    Outcome logged = before.onRequestLogged(new HelpRequestLogged(Ids.newId(), T0, "req-1", Channel.PHONE,
        Urgency.HIGH, Need.CRISIS_COUNSELLING, null, "en", "north", "97201", AgeGroup.ADULT, List.of(), null, null,
        false, "staff"), T0);
    RequestState state = logged.changedRequests().iterator().next();
    Timer ttl = logged.timers().stream().filter(t -> t.kind() == Timer.Kind.TTL).findFirst().orElseThrow();
    RequestState old = withoutDeadlines(state);
    assertThat(old.timers()).isEmpty();
    // and its TTL, and a deadline of a request since purged, are in the old store
    KeyValueStore<String, Timer> legacy = store(TimerIndex.LEGACY_STORE, Timer.class);
    KeyValueStore<String, RequestState> requests = store("market-requests", RequestState.class);
    KeyValueStore<String, Timer> indexStore = store(TimerIndex.STORE, Timer.class);
    Timer gone = new Timer(ttl.dueAt(), Timer.Kind.TTL, "north", "req-purged", "ttl");
    legacy.put(ttl.key(), ttl);
    legacy.put(gone.key(), gone);
    requests.put(old.key(), old);
    RoutingEngine engine = new RoutingEngine(RoutingPolicy.defaults());
    engine.restore(old);
    TimerIndex index = new TimerIndex(indexStore);

    // When the new version starts on them
    index.adoptLegacy(legacy, engine, requests);

    // Then the TTL is in the request's state as written, and in the index; the other is dropped
    assertThat(requests.get(old.key()).timers()).containsExactly(ttl);
    assertThat(index.due(ttl.dueAt(), 10)).containsExactly(ttl);
    assertThat(index.due(ttl.dueAt() - 1, 10)).isEmpty();
    // and the old store is empty, so the next start moves nothing again
    try (var it = legacy.all()) {
      assertThat(it.hasNext()).isFalse();
    }
  }

  @Test
  void clearForgetsEveryDeadline() {
    TimerIndex index = new TimerIndex(store(TimerIndex.STORE, Timer.class));
    Timer t = new Timer(T0.toEpochMilli(), Timer.Kind.TTL, "north", "req-1", "ttl");
    index.add(t);
    assertThat(index.due(T0.toEpochMilli(), 10)).containsExactly(t);
    index.clear();
    assertThat(index.due(Long.MAX_VALUE / 2, 10)).isEmpty();
  }

  /** The state as the version before wrote it: the same JSON without the deadlines. */
  private RequestState withoutDeadlines(RequestState s) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode tree = (ObjectNode) json.readTree(states.serialize("t", s));
    tree.remove("timers");
    return states.deserialize("t", json.writeValueAsBytes(tree));
  }

  private <V> KeyValueStore<String, V> store(String name, Class<V> type) {
    KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
        new JsonStateSerde<>(type)).withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    return store;
  }
}

package org.crisisline.routing.streams;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.crisisline.routing.market.RequestState;
import org.crisisline.routing.market.RoutingEngine;
import org.crisisline.routing.market.Timer;

/**
 * The market task's deadlines in due order, for its punctuation. The deadlines themselves are kept in
 * their request's state ({@link RequestState#timers()}), which the engine writes whenever it sets one:
 * so a deadline costs no changelog write of its own, and this index, a store without a changelog (the
 * simulator reads it), is filled again from {@code market-requests} whenever the processor rebuilds.
 *
 * <p>Deadlines were kept in a store of their own ({@code market-timers}, with a changelog) before;
 * {@link #adoptLegacy} moves what a deployment still has there into the requests, once, at start.
 */
final class TimerIndex {
  /** The index: memory only, rebuilt from request state. */
  static final String STORE = "market-timer-index";
  /** Where deadlines were kept before they moved into request state. */
  static final String LEGACY_STORE = "market-timers";

  private final KeyValueStore<String, Timer> index;

  TimerIndex(KeyValueStore<String, Timer> index) {
    this.index = index;
  }

  /** Forgets every deadline, before the processor fills the index again from its stores. */
  void clear() {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, Timer> it = index.all()) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    keys.forEach(index::delete);
  }

  void add(Timer t) {
    index.put(t.key(), t);
  }

  void remove(Timer t) {
    index.delete(t.key());
  }

  /** The deadlines due at {@code now}, earliest first, at most {@code max}. */
  List<Timer> due(long now, int max) {
    List<Timer> due = new ArrayList<>();
    try (KeyValueIterator<String, Timer> it = index.range("0", Timer.dueUpTo(now))) {
      while (it.hasNext() && due.size() < max) {
        due.add(it.next().value);
      }
    }
    return due;
  }

  /**
   * Moves the deadlines left in the legacy store into the entries they belong to (written to
   * {@code requests}) and empties it. One whose request is gone is dropped: it would have fired to no effect.
   */
  void adoptLegacy(KeyValueStore<String, Timer> legacy, RoutingEngine engine,
      KeyValueStore<String, RequestState> requests) {
    List<KeyValue<String, Timer>> left = new ArrayList<>();
    try (KeyValueIterator<String, Timer> it = legacy.all()) {
      it.forEachRemaining(left::add);
    }
    for (KeyValue<String, Timer> kv : left) {
      RequestState holder = engine.keepOrDrop(kv.value, true);
      if (holder != null) {
        requests.put(holder.key(), holder);
        add(kv.value);
      }
      legacy.delete(kv.key);
    }
  }
}

package org.crisisline.routing.streams;

import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.crisisline.events.AlertEvent;
import org.crisisline.events.FollowUpEvent;
import org.crisisline.events.OfferEvent;
import org.crisisline.events.QueueSnapshot;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;

/**
 * The market processor's outputs: one named sink per output topic, each serialized with its
 * topic's own serdes from the registry. A record reaches a topic only through the {@link Sink}
 * of that topic's value type, so the compiler, not a runtime type switch, decides where a new
 * output type may go.
 */
public final class MarketSinks {
  /** A named sink node writing one topic of value type {@code V}. */
  public record Sink<V>(String name, Topic<String, V> topic) {
    /** Sends one record to this sink only (not to the processor's other children). */
    public void send(ProcessorContext<String, ? super V> context, Record<String, V> record) {
      context.forward(record, name);
    }

    void addTo(Topology topology, String parent) {
      Serde<String> keys = topic.keySerde();
      Serde<V> values = topic.valueSerde();
      topology.addSink(name, topic.name(), keys.serializer(), values.serializer(), parent);
    }
  }

  public static final Sink<OfferEvent> OFFERS = new Sink<>("offers-sink", Topics.OFFERS);
  public static final Sink<RequestStatusChanged> REQUEST_STATUS =
      new Sink<>("request-status-sink", Topics.REQUEST_STATUS);
  public static final Sink<QueueSnapshot> QUEUE_SNAPSHOTS = new Sink<>("queue-snapshots-sink", Topics.QUEUE_SNAPSHOTS);
  public static final Sink<AlertEvent> ALERTS = new Sink<>("alerts-sink", Topics.ALERTS);
  /** The caring-contact plans as they happen, keyed by the requestId of the request followed up. */
  public static final Sink<FollowUpEvent> FOLLOW_UP_EVENTS = new Sink<>("follow-ups-sink", Topics.FOLLOW_UPS);

  /**
   * The node (a child of the market processor, see {@code RoutingTopology}) that takes a follow-up
   * routing logged back to the request side, through a repartition topic keyed by requestId.
   */
  public static final String FOLLOW_UPS = "follow-ups-logged";

  private final Sink<MarketMessage> markets;

  /** The sinks of one routing application: its own {@code <application.id>-markets} topic is one of them. */
  public MarketSinks(Topic<String, MarketMessage> markets) {
    this.markets = new Sink<>("markets-sink", markets);
  }

  /** Rollovers and events following a moved request, re-keyed by target region. */
  public Sink<MarketMessage> markets() {
    return markets;
  }

  /** Adds every sink under the processor node {@code parent}. */
  public void addTo(Topology topology, String parent) {
    for (Sink<?> s : List.of(OFFERS, REQUEST_STATUS, QUEUE_SNAPSHOTS, ALERTS, FOLLOW_UP_EVENTS, markets)) {
      s.addTo(topology, parent);
    }
  }
}

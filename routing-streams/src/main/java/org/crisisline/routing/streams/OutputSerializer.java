package org.crisisline.routing.streams;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.crisisline.events.Event;
import org.crisisline.events.JsonSerde;

/**
 * Serializes whatever the market processor emits: events with the one event serde (which also
 * sets the eventId header), market messages with the internal serde.
 */
public final class OutputSerializer implements Serializer<Object> {
  private final JsonSerde<Event> events = new JsonSerde<>(Event.class);
  private final JsonStateSerde<MarketMessage> markets = new JsonStateSerde<>(MarketMessage.class);

  @Override
  public byte[] serialize(String topic, Object data) {
    return serialize(topic, null, data);
  }

  @Override
  public byte[] serialize(String topic, Headers headers, Object data) {
    if (data instanceof MarketMessage m) {
      return markets.serialize(topic, headers, m);
    }
    return events.serialize(topic, headers, (Event) data);
  }
}

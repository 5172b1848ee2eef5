package org.crisisline.routing.streams;

import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.crisisline.events.JsonSerde;

/**
 * JSON serde for routing's own state and internal records, with the shared event mapper so
 * nested events keep their {@code type} discriminator. Failures are
 * {@link SerializationException}s (never quoting the payload) so Streams' handlers see them.
 */
public final class JsonStateSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
  private final Class<T> type;

  public JsonStateSerde(Class<T> type) {
    this.type = type;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      return JsonSerde.MAPPER.writeValueAsBytes(data);
    } catch (IOException e) {
      throw new SerializationException("cannot encode " + type.getSimpleName() + " for " + topic);
    }
  }

  @Override
  public T deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return JsonSerde.MAPPER.readValue(bytes, type);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot decode " + type.getSimpleName() + " from " + topic
          + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }
}

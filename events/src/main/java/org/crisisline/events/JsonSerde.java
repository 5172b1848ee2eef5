package org.crisisline.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one JSON serde for every event family. Decoding goes through the {@link Event}
 * discriminator, then checks the family, so a record of the wrong family on a topic fails as
 * loudly as garbage does: both become {@link SerializationException}, which the Streams and
 * consumer error handlers route to {@code dead-letters}. A null payload is a tombstone.
 */
public final class JsonSerde<T extends Event> implements Serde<T>, Serializer<T>, Deserializer<T> {

  /** Header carrying the eventId, so consumers can de-duplicate without decoding. */
  public static final String EVENT_ID_HEADER = "eventId";

  /** Header carrying the event's type ({@link Event#type()}), so consumers can skip what they ignore undecoded. */
  public static final String EVENT_TYPE_HEADER = "eventType";

  /** The shared mapper: ISO-8601 instants, unknown fields tolerated for forward compatibility. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private final Class<T> family;

  public JsonSerde(Class<T> family) {
    this.family = family;
  }

  public Class<T> family() {
    return family;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      return MAPPER.writerFor(Event.class).writeValueAsBytes(data);
    } catch (JsonProcessingException e) {
      throw new SerializationException("cannot encode " + data.type() + " for " + topic, e);
    }
  }

  @Override
  public byte[] serialize(String topic, Headers headers, T data) {
    if (data != null && headers != null) {
      headers.remove(EVENT_ID_HEADER);
      headers.add(EVENT_ID_HEADER, data.eventId().getBytes(StandardCharsets.UTF_8));
      headers.remove(EVENT_TYPE_HEADER);
      headers.add(EVENT_TYPE_HEADER, data.type().getBytes(StandardCharsets.UTF_8));
    }
    return serialize(topic, data);
  }

  /** The event type a record's header names, or null for a record written without it. */
  public static String typeOf(Headers headers) {
    org.apache.kafka.common.header.Header h = headers == null ? null : headers.lastHeader(EVENT_TYPE_HEADER);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Override
  public T deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    Event event;
    try {
      event = MAPPER.readValue(bytes, Event.class);
    } catch (IOException | RuntimeException e) {
      // Names the topic and the field at fault, never the value: Jackson's own messages quote
      // the payload (a phone number, a note), so neither they nor the cause are kept.
      throw new SerializationException(
          "cannot decode " + family.getSimpleName() + " from " + topic + ": " + describe(e));
    }
    if (event == null) {
      throw new SerializationException("empty " + family.getSimpleName() + " on " + topic);
    }
    if (!family.isInstance(event)) {
      throw new SerializationException(
          event.type() + " does not belong on " + topic + " (expects " + family.getSimpleName() + ")");
    }
    if (event.eventId() == null || event.occurredAt() == null) {
      throw new SerializationException(event.type() + " on " + topic + " lacks eventId or occurredAt");
    }
    return family.cast(event);
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

  private static String describe(Exception e) {
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String path = mapping.getPath().stream()
          .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
          .collect(Collectors.joining("."));
      return "invalid or missing value at '" + path + "' (" + e.getClass().getSimpleName() + ")";
    }
    if (e instanceof JsonProcessingException json && json.getLocation() != null) {
      return "malformed JSON at line " + json.getLocation().getLineNr()
          + " column " + json.getLocation().getColumnNr() + " (" + e.getClass().getSimpleName() + ")";
    }
    return e.getClass().getSimpleName();
  }
}

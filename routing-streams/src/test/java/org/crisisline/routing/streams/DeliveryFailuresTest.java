package org.crisisline.routing.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.DeliveryEvent;
import org.crisisline.events.DeliveryFailed;
import org.crisisline.events.Event;
import org.crisisline.events.JsonSerde;
import org.crisisline.events.Topics;
import org.junit.jupiter.api.Test;

/** Routing decodes a delivery event only when its header says it is a failure (or there is no header). */
class DeliveryFailuresTest {
  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  private final MockProcessorContext<String, Event> context = new MockProcessorContext<>();
  private final DeliveryFailures failures = new DeliveryFailures();

  DeliveryFailuresTest() {
    failures.init(context);
  }

  @Test
  void anOfferNoChannelDeliveredGoesOnKeyedByItsRequest() {
    DeliveryFailed f = failed(true);
    failures.process(written(f));
    assertThat(context.forwarded()).hasSize(1);
    assertThat(context.forwarded().get(0).record().key()).isEqualTo("req-1");
    assertThat(context.forwarded().get(0).record().value()).isEqualTo(f);
  }

  @Test
  void aFailureOfOneChannelIsDecodedAndDropped() {
    failures.process(written(failed(false)));
    assertThat(context.forwarded()).isEmpty();
  }

  @Test
  void anotherDeliveryEventIsSkippedWithoutDecoding() {
    // Bytes that would fail to decode, under a header naming another type: never looked at
    RecordHeaders headers = new RecordHeaders();
    headers.add(JsonSerde.EVENT_TYPE_HEADER, "DeliveryDelivered".getBytes(StandardCharsets.UTF_8));
    failures.process(new Record<>("offer-1", "not json".getBytes(StandardCharsets.UTF_8), 0L, headers));
    assertThat(context.forwarded()).isEmpty();
  }

  @Test
  void aRecordWithoutTheHeaderIsDecodedAsBefore() {
    byte[] bytes = Topics.DELIVERIES.valueSerde().serializer().serialize(Topics.DELIVERIES.name(), failed(true));
    failures.process(new Record<>("offer-1", bytes, 0L, new RecordHeaders()));
    assertThat(context.forwarded()).hasSize(1);
    // and one that cannot be decoded fails (the processing handler dead-letters it)
    assertThatThrownBy(() -> failures.process(new Record<>("offer-1", "{".getBytes(StandardCharsets.UTF_8), 0L,
        new RecordHeaders()))).isInstanceOf(SerializationException.class);
  }

  private static DeliveryFailed failed(boolean allChannels) {
    return new DeliveryFailed("e-1", T0, "offer-1", "req-1", "r-ana", DeliveryChannel.SMS, "provider 500", true,
        allChannels);
  }

  /** As the notifier writes it: the serde sets the eventId and eventType headers. */
  private static Record<String, byte[]> written(DeliveryEvent e) {
    RecordHeaders headers = new RecordHeaders();
    byte[] bytes = Topics.DELIVERIES.valueSerde().serializer().serialize(Topics.DELIVERIES.name(), headers, e);
    assertThat(JsonSerde.typeOf(headers)).isEqualTo("DeliveryFailed");
    return new Record<>("offer-1", bytes, 0L, headers);
  }
}

package org.crisisline.routing.streams;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.crisisline.events.DeliveryEvent;
import org.crisisline.events.DeliveryFailed;
import org.crisisline.events.Event;
import org.crisisline.events.JsonSerde;
import org.crisisline.events.Topics;

/**
 * Picks, from {@code deliveries}, the offers every channel failed to deliver, keyed by requestId for
 * the request side. Routing ignores every other delivery event (three per request, more than its
 * other inputs together), so it reads their type from the {@code eventType} header and decodes only
 * failures, and records written without the header. A record that cannot be decoded fails here and is
 * dead-lettered by the processing handler, like any.
 */
public final class DeliveryFailures implements Processor<String, byte[], String, Event> {
  private static final String FAILED = DeliveryFailed.class.getSimpleName();
  private ProcessorContext<String, Event> context;

  @Override
  public void init(ProcessorContext<String, Event> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String type = JsonSerde.typeOf(record.headers());
    if (record.value() == null || (type != null && !type.equals(FAILED))) {
      return;
    }
    DeliveryEvent e = Topics.DELIVERIES.valueSerde().deserializer()
        .deserialize(Topics.DELIVERIES.name(), record.headers(), record.value());
    if (e instanceof DeliveryFailed f && f.allChannelsFailed()) {
      context.forward(record.withKey(f.requestId()).withValue((Event) f));
    }
  }
}

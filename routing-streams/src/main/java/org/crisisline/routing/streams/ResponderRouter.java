package org.crisisline.routing.streams;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.crisisline.events.Event;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.ResponderStatusChanged;
import org.crisisline.events.Topics;
import org.crisisline.routing.market.ResponderView;

/**
 * Re-keys responder inputs by region. Reads {@code responders} (ResponderProfile, compacted;
 * a tombstone deletes) and {@code responder-status} (ResponderStatusChanged), both keyed by
 * responderId; keeps the latest {@link ResponderView} per responder in the
 * {@code responder-views} store; writes views keyed by region to the markets topic. A status
 * seen before any profile waits here until the profile arrives. A profile moving region tells
 * the old region the responder left.
 */
public final class ResponderRouter implements Processor<String, Event, String, MarketMessage> {
  public static final String STORE = "responder-views";
  private ProcessorContext<String, MarketMessage> context;
  private KeyValueStore<String, ResponderView> views;

  @Override
  public void init(ProcessorContext<String, MarketMessage> context) {
    this.context = context;
    this.views = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, Event> record) {
    String id = record.key();
    if (id == null) {
      return;
    }
    ResponderView old = views.get(id);
    Event e = record.value();
    if (e == null) {
      boolean profileDeleted = context.recordMetadata()
          .map(md -> Topics.RESPONDERS.name().equals(md.topic())).orElse(false);
      if (!profileDeleted) {
        return; // only a tombstone on the compacted responders topic deletes a responder
      }
      if (old != null && old.region() != null) {
        context.forward(record.withKey(old.region()).withValue(MarketMessage.of(gone(old))));
      }
      views.delete(id);
      return;
    }
    ResponderView view;
    if (e instanceof ResponderProfile p) {
      view = new ResponderView(id, p.region(), p, old == null ? null : old.status(), false);
      if (old != null && old.region() != null && !old.region().equals(p.region())) {
        context.forward(record.withKey(old.region()).withValue(MarketMessage.of(gone(old))));
      }
    } else if (e instanceof ResponderStatusChanged s) {
      view = old == null ? new ResponderView(id, null, null, s, false)
          : new ResponderView(id, old.region(), old.profile(), s, false);
    } else {
      return;
    }
    views.put(id, view);
    if (view.profile() != null && view.region() != null) {
      context.forward(record.withKey(view.region()).withValue(MarketMessage.of(view)));
    }
  }

  private static ResponderView gone(ResponderView old) {
    return new ResponderView(old.responderId(), old.region(), old.profile(), old.status(), true);
  }
}

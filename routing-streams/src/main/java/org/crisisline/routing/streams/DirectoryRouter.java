package org.crisisline.routing.streams;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.crisisline.events.LocalService;
import org.crisisline.routing.market.RoutingPolicy;

/**
 * Re-keys the directory by region. Reads {@code directory} (LocalService, compacted, keyed by
 * serviceId; a tombstone deletes); keeps the last record per service in the
 * {@code directory-services} store; writes the service to every region of its service area
 * (a service with only postal prefixes goes to every configured region, where the prefix
 * decides) and a removal to regions it no longer covers.
 */
public final class DirectoryRouter implements Processor<String, LocalService, String, MarketMessage> {
  public static final String STORE = "directory-services";
  private final RoutingPolicy policy;
  private ProcessorContext<String, MarketMessage> context;
  private KeyValueStore<String, LocalService> services;

  public DirectoryRouter(RoutingPolicy policy) {
    this.policy = policy;
  }

  @Override
  public void init(ProcessorContext<String, MarketMessage> context) {
    this.context = context;
    this.services = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, LocalService> record) {
    if (record.key() == null) {
      return;
    }
    LocalService old = services.get(record.key());
    LocalService now = record.value();
    Set<String> keep = new HashSet<>(now == null ? List.of() : regions(now));
    if (old != null) {
      for (String r : regions(old)) {
        if (!keep.contains(r)) {
          context.forward(record.withKey(r).withValue(MarketMessage.removedService(old)));
        }
      }
    }
    if (now == null) {
      services.delete(record.key());
      return;
    }
    services.put(record.key(), now);
    for (String r : keep) {
      context.forward(record.withKey(r).withValue(MarketMessage.of(now)));
    }
  }

  private List<String> regions(LocalService s) {
    if (s.serviceArea() != null && !s.serviceArea().regions().isEmpty()) {
      return s.serviceArea().regions();
    }
    return policy.regions();
  }
}

package org.crisisline.intake.view;

import java.util.Optional;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.crisisline.events.LocalService;
import org.crisisline.intake.directory.DirectoryIndex;

/**
 * Local services by id from the compacted {@code directory} topic; a source of known regions, and
 * the index staff search ({@link #search()}).
 */
public final class DirectoryView {
  private final ConcurrentHashMap<String, LocalService> services = new ConcurrentHashMap<>();

  private final RegionCounts regions = new RegionCounts();
  private final DirectoryIndex index = new DirectoryIndex();

  public void apply(String serviceId, LocalService service) {
    services.compute(serviceId, (id, old) -> {
      regionsOf(old).forEach(regions::remove);
      regionsOf(service).forEach(regions::add);
      // Inside compute: the index changes in the same order as the map for one service id.
      index.put(id, service);
      return service;
    });
  }

  /** The search index over the same services. */
  public DirectoryIndex search() {
    return index;
  }

  private static List<String> regionsOf(LocalService service) {
    return service == null || service.serviceArea() == null ? List.of() : service.serviceArea().regions();
  }

  public Optional<LocalService> get(String serviceId) {
    return Optional.ofNullable(services.get(serviceId));
  }

  /** Whether any service covers this region: O(1), asked for every request logged. */
  public boolean hasRegion(String region) {
    return regions.contains(region);
  }
}

package org.crisisline.intake.view;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.crisisline.events.LocalService;

/** Local services by id from the compacted {@code directory} topic; a source of known regions. */
public final class DirectoryView {
  private final ConcurrentHashMap<String, LocalService> services = new ConcurrentHashMap<>();

  public void apply(String serviceId, LocalService service) {
    if (service == null) {
      services.remove(serviceId);
    } else {
      services.put(serviceId, service);
    }
  }

  public Optional<LocalService> get(String serviceId) {
    return Optional.ofNullable(services.get(serviceId));
  }

  public Set<String> regions() {
    return services.values().stream()
        .filter(s -> s.serviceArea() != null)
        .flatMap(s -> s.serviceArea().regions().stream())
        .collect(Collectors.toSet());
  }
}

package org.crisisline.notifier.domain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.crisisline.events.LocalService;
import org.crisisline.events.ResponderProfile;

/** Latest responder profiles and directory services, from their compacted topics. Thread-safe. */
public final class Contacts {
  private final Map<String, ResponderProfile> responders = new ConcurrentHashMap<>();
  private final Map<String, LocalService> services = new ConcurrentHashMap<>();

  public void putResponder(String id, ResponderProfile profile) {
    if (profile == null) {
      responders.remove(id);
    } else {
      responders.put(id, profile);
    }
  }

  public void putService(String id, LocalService service) {
    if (service == null) {
      services.remove(id);
    } else {
      services.put(id, service);
    }
  }

  public ResponderProfile responder(String id) {
    return id == null ? null : responders.get(id);
  }

  public LocalService service(String id) {
    return id == null ? null : services.get(id);
  }
}

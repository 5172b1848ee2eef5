package org.crisisline.notifier.domain;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.crisisline.events.LocalService;
import org.crisisline.events.OnCallPerson;
import org.crisisline.events.ResponderProfile;

/**
 * Latest responder profiles, directory services and people who may be on call, from their
 * compacted topics. Thread-safe.
 */
public final class Contacts {
  private final Map<String, ResponderProfile> responders = new ConcurrentHashMap<>();
  private final Map<String, LocalService> services = new ConcurrentHashMap<>();
  private final Map<String, OnCallPerson> onCall = new ConcurrentHashMap<>();

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

  public void putOnCallPerson(String userId, OnCallPerson person) {
    if (person == null) {
      onCall.remove(userId);
    } else {
      onCall.put(userId, person);
    }
  }

  public OnCallPerson onCallPerson(String userId) {
    return userId == null ? null : onCall.get(userId);
  }

  /** The on-call people whose work phone has these digits ({@link Recipient#phoneDigits}); none for no digits. */
  public Set<String> onCallUsersWithPhone(String phoneDigits) {
    if (phoneDigits == null || phoneDigits.isEmpty()) {
      return Set.of();
    }
    return onCall.values().stream()
        .filter(p -> p.contact() != null && phoneDigits.equals(Recipient.phoneDigits(p.contact().phone())))
        .map(OnCallPerson::userId)
        .collect(Collectors.toUnmodifiableSet());
  }
}

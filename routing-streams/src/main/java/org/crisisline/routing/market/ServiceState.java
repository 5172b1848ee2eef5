package org.crisisline.routing.market;

import org.crisisline.events.LocalService;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;

/**
 * A directory service as seen by one market, with the referrals routing has made since the
 * service last reported its capacity (so a service reporting 2 places gets at most 2).
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE)
public final class ServiceState {
  LocalService service;
  String market;
  int referredSinceUpdate;

  ServiceState() {}

  ServiceState(LocalService service, String market) {
    this.service = service;
    this.market = market;
  }

  public LocalService service() {
    return service;
  }

  int placesLeft() {
    return service.capacity() == null ? 0 : service.capacity().available() - referredSinceUpdate;
  }

  public String key() {
    return market + "/" + service.serviceId();
  }
}

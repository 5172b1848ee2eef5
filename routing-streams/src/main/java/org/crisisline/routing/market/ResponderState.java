package org.crisisline.routing.market;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.ResponderStatus;
import org.crisisline.routing.rules.Eligibility;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;

/**
 * Routing's view of one responder in their region's market: the profile from
 * {@code responders}, the status they declared on {@code responder-status}, the effective
 * status (routing sets AWAY after a missed offer), when they were last idle, and which
 * requests they hold (accepted) or are being offered (pending). Capacity counts both, so a
 * responder who accepts every outstanding offer is still within capacity.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE)
public final class ResponderState {
  String responderId;
  ResponderProfile profile;
  String market;
  String lastStatusEventId;
  ResponderStatus status = ResponderStatus.OFFLINE;
  String statusReason;
  long idleSince;
  Set<String> active = new LinkedHashSet<>();
  Set<String> pending = new LinkedHashSet<>();

  ResponderState() {}

  ResponderState(String responderId, String market, long idleSince) {
    this.responderId = responderId;
    this.market = market;
    this.idleSince = idleSince;
  }

  public String responderId() {
    return responderId;
  }

  public ResponderStatus status() {
    return status;
  }

  public int load() {
    return active.size() + pending.size();
  }

  public int capacity() {
    return profile == null ? 0 : profile.capacity();
  }

  String pool() {
    return profile == null ? null : profile.kind().name();
  }

  List<String> languages() {
    return profile == null ? List.of() : profile.languages().stream().map(Eligibility::normalise).distinct().toList();
  }

  List<String> specialties() {
    return profile == null ? List.of() : profile.specialties().stream().map(String::toUpperCase).distinct().toList();
  }

  /** Can take one more offer now. */
  public boolean canTakeOffer() {
    return profile != null && Eligibility.canTakeOffer(profile.active(), status, load(), capacity());
  }

  public String key() {
    return market + "/" + responderId;
  }
}

package org.crisisline.routing.market;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.crisisline.events.Ids;
import org.crisisline.events.QueueSnapshot;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.Urgency;

/**
 * One region's whole matching market: its requests, responders and directory services, with
 * the two indexes that make a decision O(log n): {@link WaitingIndex} and
 * {@link AvailabilityIndex}. Holds no rules beyond "who may take what"; the lifecycle is in
 * {@link RoutingEngine}.
 */
final class Market {
  final String region;
  final RoutingPolicy policy;
  final Map<String, RequestState> requests = new HashMap<>();
  final Map<String, ResponderState> responders = new HashMap<>();
  final Map<String, ServiceState> services = new LinkedHashMap<>();
  final WaitingIndex waiting = new WaitingIndex();
  final AvailabilityIndex available = new AvailabilityIndex();

  Market(String region, RoutingPolicy policy) {
    this.region = region;
    this.policy = policy;
  }

  /** Re-files a responder after any change to status, load, idle time or profile. */
  void reindex(ResponderState r) {
    available.remove(r.responderId);
    available.add(r);
  }

  /** Re-files a request after any change to its status or requirements. */
  void refile(RequestState r) {
    waiting.remove(r.requestId);
    if (r.isWaiting()) {
      waiting.add(r, policy);
    }
  }

  /** Best available responder for a waiting request, or null. */
  ResponderState bestResponderFor(RequestState r) {
    // Someone already holding one of its parallel offers is not offered it twice.
    String id = available.bestFor(r.pool, r.language(), r.requiredSpecialties(policy),
        who -> r.excluded.contains(who) || r.offeredTo(who));
    return id == null ? null : responders.get(id);
  }

  /** Best waiting request this responder can take, or null. */
  RequestState bestRequestFor(ResponderState resp) {
    if (!resp.canTakeOffer()) {
      return null;
    }
    String id = waiting.bestFor(resp.pool(), resp.languages(), resp.specialties(),
        reqId -> requests.get(reqId).excluded.contains(resp.responderId));
    return id == null ? null : requests.get(id);
  }

  /** Pools of this market worth a snapshot: those with responders or waiting requests. */
  Set<String> pools() {
    Set<String> pools = new TreeSet<>(waiting.pools());
    responders.values().stream().filter(r -> r.profile != null).forEach(r -> pools.add(r.pool()));
    if (!services.isEmpty()) {
      pools.add(RoutingPolicy.DIRECTORY);
    }
    return pools;
  }

  /**
   * The status a supervisor should see: someone AVAILABLE whose accepted requests fill their
   * capacity cannot take anyone else, so the snapshot counts them BUSY (their declared status is
   * kept: they become offerable again as soon as one request completes).
   */
  private static ResponderStatus shownStatus(ResponderState r) {
    return r.status == ResponderStatus.AVAILABLE && r.active.size() >= r.capacity()
        ? ResponderStatus.BUSY : r.status;
  }

  QueueSnapshot snapshot(String pool, Instant now) {
    long nowMs = now.toEpochMilli();
    Map<Urgency, Integer> byUrgency = new EnumMap<>(Urgency.class);
    long longest = 0;
    Urgency longestUrgency = null;
    int breaches = 0;
    for (WaitingIndex.Entry e : waiting.oldestFirst(pool)) {
      Urgency u = waiting.urgencyOf(e.requestId());
      byUrgency.merge(u, 1, Integer::sum);
      long waited = Math.max(0, nowMs - e.key());
      if (longestUrgency == null) {
        longest = waited / 1000;
        longestUrgency = u;
      }
      if (waited >= policy.sla(u).toMillis()) {
        breaches++;
      }
    }
    Map<ResponderStatus, Integer> byStatus = new EnumMap<>(ResponderStatus.class);
    Map<String, String> away = new HashMap<>();
    int outstanding = 0;
    for (ResponderState r : responders.values()) {
      if (r.profile == null || !pool.equals(r.pool())) {
        continue;
      }
      byStatus.merge(shownStatus(r), 1, Integer::sum);
      if (r.status == ResponderStatus.AWAY && r.statusReason != null) {
        away.put(r.responderId, r.statusReason);
      }
      outstanding += r.pending.size();
    }
    return new QueueSnapshot(Ids.newId(), now, region + "/" + pool, region, pool, byUrgency, longest,
        longestUrgency, longestUrgency == null ? 0 : policy.sla(longestUrgency).toSeconds(), byStatus, away,
        outstanding, breaches);
  }
}

package org.crisisline.routing.market;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.crisisline.events.Urgency;
import org.crisisline.routing.rules.WaitingOrder;

/**
 * The requests waiting in one market, ordered for service.
 *
 * <p><b>Order.</b> Each request gets the fixed key of {@link WaitingOrder}; because the key never
 * changes while the request waits, a {@link TreeSet} keeps the order with no re-sorting.
 *
 * <p><b>Indexes.</b> One {@code TreeSet} per (pool, language, specialty-or-ANY). A request that
 * still requires specialties sits in the set of each of them; once relaxed (or if it has none)
 * it sits in the ANY set. A responder with languages L and specialties S looks at the heads of
 * |L| x (|S|+1) sets: O(|L|·|S|·log n) per decision, plus skipping the (few) requests that
 * already excluded this responder. Referral requests are indexed by referral kind.
 * Add and remove are O(k log n) for k memberships.
 */
final class WaitingIndex {
  static final String ANY = "*";

  record Entry(long key, String requestId) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry o) {
      int c = Long.compare(key, o.key);
      return c != 0 ? c : requestId.compareTo(o.requestId);
    }
  }

  private record Placement(List<String> setIds, Entry entry, String pool, Urgency urgency, long loggedAt) {}

  private final Map<String, TreeSet<Entry>> sets = new HashMap<>();
  private final Map<String, Placement> placements = new HashMap<>();
  /** Per pool, oldest first: for longest wait and SLA breaches in snapshots. */
  private final Map<String, TreeSet<Entry>> byAge = new HashMap<>();

  void add(RequestState r, RoutingPolicy policy) {
    remove(r.requestId);
    List<String> ids = new ArrayList<>();
    if (RoutingPolicy.DIRECTORY.equals(r.pool)) {
      ids.add(setId(r.pool, String.valueOf(r.request.referralKind()), ANY));
    } else {
      List<String> required = r.requiredSpecialties(policy);
      if (required.isEmpty()) {
        ids.add(setId(r.pool, r.language(), ANY));
      } else {
        required.forEach(s -> ids.add(setId(r.pool, r.language(), s)));
      }
    }
    Entry e = new Entry(policy.waitingOrder().key(r.urgency(), r.loggedAt), r.requestId);
    ids.forEach(id -> sets.computeIfAbsent(id, k -> new TreeSet<>()).add(e));
    byAge.computeIfAbsent(r.pool, k -> new TreeSet<>()).add(new Entry(r.loggedAt, r.requestId));
    placements.put(r.requestId, new Placement(ids, e, r.pool, r.urgency(), r.loggedAt));
  }

  void remove(String requestId) {
    Placement p = placements.remove(requestId);
    if (p == null) {
      return;
    }
    for (String id : p.setIds) {
      TreeSet<Entry> s = sets.get(id);
      s.remove(p.entry);
      if (s.isEmpty()) {
        sets.remove(id);
      }
    }
    byAge.get(p.pool).remove(new Entry(p.loggedAt, requestId));
  }

  /**
   * The first waiting request, in service order, among the sets this responder can serve and
   * that has not excluded them.
   */
  String bestFor(String pool, List<String> languages, List<String> specialties, Predicate<String> excludes) {
    Entry best = null;
    for (String lang : languages) {
      best = better(best, first(sets.get(setId(pool, lang, ANY)), excludes));
      for (String s : specialties) {
        best = better(best, first(sets.get(setId(pool, lang, s)), excludes));
      }
    }
    return best == null ? null : best.requestId;
  }

  /** Waiting referral requests of one kind, in service order. */
  NavigableSet<Entry> referrals(String kind) {
    TreeSet<Entry> s = sets.get(setId(RoutingPolicy.DIRECTORY, kind, ANY));
    return s == null ? new TreeSet<>() : s;
  }

  /** Requests waiting in a pool, oldest first (for snapshots). */
  NavigableSet<Entry> oldestFirst(String pool) {
    TreeSet<Entry> s = byAge.get(pool);
    return s == null ? new TreeSet<>() : s;
  }

  Urgency urgencyOf(String requestId) {
    Placement p = placements.get(requestId);
    return p == null ? null : p.urgency;
  }

  Set<String> pools() {
    return byAge.keySet();
  }

  private static Entry first(TreeSet<Entry> set, Predicate<String> excludes) {
    if (set == null) {
      return null;
    }
    for (Entry e : set) {
      if (!excludes.test(e.requestId)) {
        return e;
      }
    }
    return null;
  }

  private static Entry better(Entry a, Entry b) {
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) <= 0 ? a : b;
  }

  private static String setId(String pool, String language, String specialty) {
    return pool + '|' + language + '|' + specialty;
  }
}

package org.crisisline.routing.market;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.crisisline.routing.rules.Eligibility;
import org.crisisline.routing.rules.ResponderChoice;
import org.crisisline.routing.rules.ResponderChoice.Candidate;

/**
 * Responders of one market who can take an offer now ({@link Eligibility#canTakeOffer}), in the
 * order of {@link ResponderChoice}: longest idle first, then fewest active, then id.
 *
 * <p>One {@code TreeSet} per (pool, language) and per (pool, language, specialty); a responder
 * sits in each of their languages' sets and specialty sets. A request needing language L and
 * (until relaxed) one of specialties S looks at the heads of |S| sets, or of the (pool, L) set:
 * O(|S|·log m) for m available responders, plus skipping responders this request excluded
 * (those who declined it or let it time out: a handful at most). Add/remove O(k log m).
 * The entry key (idle since, load) is captured when added, so callers remove a responder
 * before changing it and add it back after ({@link Market#reindex}).
 */
final class AvailabilityIndex {
  private record Placement(List<String> setIds, Candidate entry) {}

  private final Map<String, TreeSet<Candidate>> sets = new HashMap<>();
  private final Map<String, Placement> placements = new HashMap<>();

  void add(ResponderState r) {
    remove(r.responderId);
    if (!r.canTakeOffer()) {
      return;
    }
    List<String> ids = new ArrayList<>();
    for (String lang : r.languages()) {
      ids.add(setId(r.pool(), lang, WaitingIndex.ANY));
      r.specialties().forEach(s -> ids.add(setId(r.pool(), lang, s)));
    }
    Candidate e = new Candidate(r.idleSince, r.load(), r.responderId);
    ids.forEach(id -> sets.computeIfAbsent(id, k -> new TreeSet<>()).add(e));
    placements.put(r.responderId, new Placement(ids, e));
  }

  void remove(String responderId) {
    Placement p = placements.remove(responderId);
    if (p == null) {
      return;
    }
    for (String id : p.setIds) {
      TreeSet<Candidate> s = sets.get(id);
      s.remove(p.entry);
      if (s.isEmpty()) {
        sets.remove(id);
      }
    }
  }

  /** Best responder for a request in {@code pool} speaking {@code language}, with one of
   *  {@code specialties} (empty = any), not excluded. */
  String bestFor(String pool, String language, List<String> specialties, Predicate<String> excluded) {
    if (specialties.isEmpty()) {
      Candidate e = first(sets.get(setId(pool, language, WaitingIndex.ANY)), excluded);
      return e == null ? null : e.responderId();
    }
    Candidate best = null;
    for (String s : specialties) {
      Candidate e = first(sets.get(setId(pool, language, s)), excluded);
      if (e != null && (best == null || e.compareTo(best) < 0)) {
        best = e;
      }
    }
    return best == null ? null : best.responderId();
  }

  private static Candidate first(TreeSet<Candidate> set, Predicate<String> excluded) {
    if (set == null) {
      return null;
    }
    for (Candidate e : set) {
      if (!excluded.test(e.responderId())) {
        return e;
      }
    }
    return null;
  }

  private static String setId(String pool, String language, String specialty) {
    return pool + '|' + language + '|' + specialty;
  }
}

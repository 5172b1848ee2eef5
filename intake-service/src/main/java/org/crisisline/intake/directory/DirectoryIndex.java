package org.crisisline.intake.directory;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import org.crisisline.events.LocalService;
import org.crisisline.events.ReferralKind;

/**
 * The directory, indexed for search: by referral kind, by region, by postal prefix and by the
 * words of name, organisation and description (a query word matches any word it begins). A search
 * judges only the services of the asked kinds and words in the asked area; it looks outside the area
 * only when too few inside it meet the query, so a search of 10,000 services judges dozens, not all.
 * Writers (the directory topic, the admin API) and searches (every event loop) share it under a
 * read-write lock.
 */
public final class DirectoryIndex {
  private static final Pattern WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
  /** Best first: the standing's rank (relaxed filters, open, places, language, area), most places, name, id. */
  private static final Comparator<ServiceMatch.Standing> BEST = Comparator
      .comparingInt(ServiceMatch.Standing::rank)
      .thenComparing(Comparator.comparingInt(ServiceMatch.Standing::places).reversed())
      .thenComparing(st -> st.service().name(), Comparator.nullsFirst(String.CASE_INSENSITIVE_ORDER))
      .thenComparing(st -> st.service().serviceId());

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, LocalService> byId = new HashMap<>();
  private final Map<String, Set<String>> byKind = new HashMap<>();
  private final Map<String, Set<String>> byRegion = new HashMap<>();
  private final Map<String, Set<String>> byPostalPrefix = new HashMap<>();
  private final TreeMap<String, Set<String>> byWord = new TreeMap<>();

  /** Adds or replaces a service; null removes it (a tombstone on the compacted topic). */
  public void put(String serviceId, LocalService service) {
    lock.writeLock().lock();
    try {
      LocalService old = service == null ? byId.remove(serviceId) : byId.put(serviceId, service);
      if (old != null) {
        index(old, serviceId, false);
      }
      if (service != null) {
        index(service, serviceId, true);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  public int size() {
    lock.readLock().lock();
    try {
      return byId.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The best {@code q.limit()} services for the query at {@code now}, best first. Those in the asked
   * area come first; outside it only fills the list. Every candidate is assessed cheaply and kept
   * in a bounded heap; only the listed few are explained (next opening, why).
   */
  public SearchResult search(DirectoryQuery q, Instant now) {
    lock.readLock().lock();
    try {
      Collection<String> candidates = candidates(q);
      Set<String> inArea = q.hasArea() ? inArea(q, candidates) : null;
      Map<String, ZonedDateTime> localTimes = new HashMap<>();
      long[] exact = {0};
      List<ServiceMatch.Standing> best = best(inArea == null ? candidates : inArea, null, q, q.limit(), now,
          localTimes, exact);
      if (inArea != null && best.size() < q.limit()) {
        best.addAll(best(candidates, inArea, q, q.limit() - best.size(), now, localTimes, new long[1]));
      }
      return new SearchResult(exact[0], best.stream().map(st -> ServiceMatch.explain(st, q)).toList());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The results, and how many services met every asked filter (the list may hold fewer). */
  public record SearchResult(long exact, List<DirectoryHit> hits) {}

  /** The best {@code limit} admissible services among {@code ids} less {@code skip}, best first; counts the exact ones. */
  private List<ServiceMatch.Standing> best(Collection<String> ids, Set<String> skip, DirectoryQuery q, int limit,
      Instant now, Map<String, ZonedDateTime> localTimes, long[] exact) {
    PriorityQueue<ServiceMatch.Standing> worstFirst = new PriorityQueue<>(limit + 1, BEST.reversed());
    String postal = q.compactPostalCode();
    for (String id : ids) {
      LocalService svc = byId.get(id);
      if ((skip != null && skip.contains(id)) || !ServiceMatch.admissible(svc, q)) {
        continue;
      }
      ServiceMatch.Standing st = ServiceMatch.assess(svc, q, postal, now, localTimes);
      if (st.relaxed() == 0) {
        exact[0]++;
      }
      if (worstFirst.size() < limit) {
        worstFirst.add(st);
      } else if (BEST.compare(st, worstFirst.peek()) < 0) {
        worstFirst.poll();
        worstFirst.add(st);
      }
    }
    List<ServiceMatch.Standing> out = new ArrayList<>(worstFirst);
    out.sort(BEST);
    return out;
  }

  /**
   * The services of the asked kinds whose words begin with every query word (all, if neither was
   * asked). Read only: one kind's set, or all ids, is the index's own, not a copy.
   */
  private Collection<String> candidates(DirectoryQuery q) {
    Collection<String> out = null;
    if (q.kinds().size() == 1) {
      out = byKind.getOrDefault(q.kinds().iterator().next().name(), Set.of());
    } else if (!q.kinds().isEmpty()) {
      Set<String> union = new HashSet<>();
      q.kinds().forEach(k -> union.addAll(byKind.getOrDefault(k.name(), Set.of())));
      out = union;
    }
    if (q.q() != null) {
      for (String word : words(q.q())) {
        Set<String> withWord = new HashSet<>();
        byWord.subMap(word, true, word + Character.MAX_VALUE, false).values().forEach(withWord::addAll);
        if (out != null) {
          withWord.retainAll(out);
        }
        out = withWord;
      }
    }
    return out == null ? byId.keySet() : out;
  }

  private Set<String> inArea(DirectoryQuery q, Collection<String> candidates) {
    Set<String> area = new HashSet<>();
    if (q.region() != null) {
      area.addAll(byRegion.getOrDefault(q.region().toLowerCase(Locale.ROOT), Set.of()));
    }
    String postal = ServiceMatch.compact(q.postalCode());
    for (int n = 1; n <= postal.length(); n++) {
      area.addAll(byPostalPrefix.getOrDefault(postal.substring(0, n), Set.of()));
    }
    area.retainAll(candidates);
    return area;
  }

  /** Links (or unlinks) the service under each of its kinds, regions, postal prefixes and words. */
  private void index(LocalService s, String serviceId, boolean link) {
    s.kinds().forEach(k -> link(byKind, k.name(), serviceId, link));
    if (s.serviceArea() != null) {
      s.serviceArea().regions().forEach(r -> link(byRegion, r.toLowerCase(Locale.ROOT), serviceId, link));
      s.serviceArea().postalPrefixes().forEach(p -> link(byPostalPrefix, ServiceMatch.compact(p), serviceId, link));
    }
    for (String text : new String[] {s.name(), s.organization(), s.description()}) {
      words(text).forEach(w -> link(byWord, w, serviceId, link));
    }
  }

  private static void link(Map<String, Set<String>> index, String key, String serviceId, boolean link) {
    if (link) {
      index.computeIfAbsent(key, k -> new HashSet<>()).add(serviceId);
      return;
    }
    Set<String> ids = index.get(key);
    if (ids != null && ids.remove(serviceId) && ids.isEmpty()) {
      index.remove(key);
    }
  }

  static List<String> words(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return WORD.splitAsStream(text.toLowerCase(Locale.ROOT)).filter(w -> !w.isEmpty()).toList();
  }
}

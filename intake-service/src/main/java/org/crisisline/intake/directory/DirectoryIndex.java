package org.crisisline.intake.directory;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
  /** Results first by how many asked filters they relaxed, then open, places, language, area; then name. */
  private static final Comparator<DirectoryHit> RANK = Comparator
      .comparingInt((DirectoryHit h) -> h.relaxed().size())
      .thenComparing(h -> !h.openNow())
      .thenComparing(h -> h.placesFree() == 0)
      .thenComparing(h -> !h.met().contains("language"))
      .thenComparing(h -> !(h.met().contains("region") || h.met().contains("postalCode")))
      .thenComparing(Comparator.comparingInt(DirectoryHit::placesFree).reversed())
      .thenComparing(h -> h.service().name() == null ? "" : h.service().name().toLowerCase(Locale.ROOT))
      .thenComparing(h -> h.service().serviceId());

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

  /** The best {@code q.limit()} services for the query at {@code now}, best first. */
  public SearchResult search(DirectoryQuery q, Instant now) {
    lock.readLock().lock();
    try {
      Set<String> candidates = candidates(q);
      Set<String> inArea = q.hasArea() ? inArea(q, candidates) : candidates;
      Map<String, ZonedDateTime> localTimes = new HashMap<>();
      List<DirectoryHit> hits = judge(inArea, q, now, localTimes);
      long exact = hits.stream().filter(h -> h.relaxed().isEmpty()).count();
      if (hits.size() < q.limit() && inArea != candidates) {
        Set<String> outside = new HashSet<>(candidates);
        outside.removeAll(inArea);
        List<DirectoryHit> more = judge(outside, q, now, localTimes);
        hits.addAll(more.subList(0, Math.min(more.size(), q.limit() - hits.size())));
      }
      return new SearchResult(exact, hits.size() > q.limit() ? List.copyOf(hits.subList(0, q.limit())) : List.copyOf(hits));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The results, and how many services met every asked filter (the list may hold fewer). */
  public record SearchResult(long exact, List<DirectoryHit> hits) {}

  private List<DirectoryHit> judge(Set<String> ids, DirectoryQuery q, Instant now, Map<String, ZonedDateTime> localTimes) {
    List<DirectoryHit> hits = new ArrayList<>();
    for (String id : ids) {
      LocalService svc = byId.get(id);
      if (ServiceMatch.admissible(svc, q)) {
        hits.add(ServiceMatch.judge(svc, q, now, localTimes));
      }
    }
    hits.sort(RANK);
    return hits;
  }

  /** The services of the asked kinds whose words begin with every query word (all, if neither was asked). */
  private Set<String> candidates(DirectoryQuery q) {
    Set<String> out = null;
    if (!q.kinds().isEmpty()) {
      out = new HashSet<>();
      for (ReferralKind k : q.kinds()) {
        out.addAll(byKind.getOrDefault(k.name(), Set.of()));
      }
    }
    if (q.q() != null) {
      for (String word : words(q.q())) {
        Set<String> withWord = new HashSet<>();
        byWord.subMap(word, true, word + Character.MAX_VALUE, false).values().forEach(withWord::addAll);
        if (out == null) {
          out = withWord;
        } else {
          out.retainAll(withWord);
        }
      }
    }
    return out == null ? new HashSet<>(byId.keySet()) : out;
  }

  private Set<String> inArea(DirectoryQuery q, Set<String> candidates) {
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

package org.crisisline.intake.http;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-user request budgets (bucket4j, in memory): {@code perMinute} for authenticated callers,
 * keyed by username; a tighter budget for logins and signed links, keyed by client address
 * ({@link ClientAddress}), to slow password and token guessing. Over budget: 429 with
 * Retry-After. Each map is bounded and forgets the least recently used key first, so a flood of
 * new addresses evicts only idle buckets and never resets the budget of whoever is busy.
 */
public final class RateLimits {
  private static final int MAX_KEYS = 100_000;
  private final Map<String, Bucket> users = lru(MAX_KEYS);
  private final Map<String, Bucket> anonymous = lru(MAX_KEYS);
  private final int perMinute;
  private final int anonymousPerMinute;

  public RateLimits(int perMinute) {
    this.perMinute = perMinute;
    this.anonymousPerMinute = Math.max(30, perMinute / 10);
  }

  public boolean tryUser(String username) {
    return bucket(users, username, perMinute).tryConsume(1);
  }

  public boolean tryAnonymous(String address) {
    return bucket(anonymous, address, anonymousPerMinute).tryConsume(1);
  }

  public static void tooMany(RoutingContext ctx) {
    ctx.response().putHeader("Retry-After", "60");
    Http.problem(ctx, 429, "Too many requests", "Request budget exceeded; retry later.");
  }

  private static Bucket bucket(Map<String, Bucket> map, String key, int perMinute) {
    synchronized (map) {
      return map.computeIfAbsent(key, k -> Bucket.builder()
          .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
          .build());
    }
  }

  /** An access-ordered map that drops its least recently used entry beyond {@code max}. */
  static <V> Map<String, V> lru(int max) {
    return new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > max;
      }
    };
  }
}

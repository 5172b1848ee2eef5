package org.crisisline.intake.http;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-user request budgets (bucket4j, in memory): {@code perMinute} for authenticated callers,
 * keyed by username; a tighter budget for logins and signed links, keyed by client address,
 * to slow password and token guessing. Over budget: 429 with Retry-After.
 */
public final class RateLimits {
  private static final int MAX_KEYS = 100_000;
  private final ConcurrentHashMap<String, Bucket> users = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Bucket> anonymous = new ConcurrentHashMap<>();
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

  private static Bucket bucket(ConcurrentHashMap<String, Bucket> map, String key, int perMinute) {
    if (map.size() > MAX_KEYS) {
      // Bounded memory under a flood of distinct keys; budgets restart, which only loosens.
      map.clear();
    }
    return map.computeIfAbsent(key, k -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
        .build());
  }
}

package org.crisisline.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Sets up the simulated responders through intake's admin API: {@code n} hotline counsellors in the
 * bench region, English, no specialty, capacity 20 (the most intake accepts), SMS only, each logged
 * in under its responderId (the demo-password accounts) and set AVAILABLE. With 200 of them, 4,000
 * requests can be in the accepted state at once; the bench completes each request as soon as its
 * acceptance is visible, so routing always has someone free — it is never the bottleneck by design.
 */
final class Responders {
  private Responders() {}

  static Map<String, String> create(BenchHttp http, String adminToken, String password, String region, int n) {
    List<Future<HttpResponse<Buffer>>> puts = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = region + "-r" + i;
      ids.add(id);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("displayName", "Bench responder " + i);
      body.put("kind", "HOTLINE_COUNSELLOR");
      body.put("region", region);
      body.put("languages", List.of("en"));
      body.put("specialties", List.of());
      body.put("capacity", 20);
      body.put("contact", Map.of("phone", String.format("+1503555%04d", 2000 + i),
          "email", id + "@bench.example.org"));
      body.put("channels", List.of("SMS"));
      body.put("active", true);
      puts.add(http.put("/api/v1/responders/" + id, adminToken, body));
    }
    BenchHttp.awaitAll(puts, "PUT responder");
    Map<String, String> tokens = new LinkedHashMap<>();
    for (String id : ids) {
      tokens.put(id, loginWhenKnown(http, id, password));
    }
    List<Future<HttpResponse<Buffer>>> statuses = new ArrayList<>();
    tokens.forEach((id, token) -> statuses.add(http.put("/api/v1/responders/" + id + "/status", token,
        Map.of("status", "AVAILABLE", "reason", "bench shift"))));
    BenchHttp.awaitAll(statuses, "PUT responder status");
    return tokens;
  }

  /** Intake learns a new responder from its own topic; the first login can race that. */
  private static String loginWhenKnown(BenchHttp http, String id, String password) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 200; attempt++) {
      try {
        return http.login(id, password);
      } catch (IllegalStateException e) {
        last = e;
        LockSupport.parkNanos(50_000_000L);
      }
    }
    throw last;
  }
}

package org.crisisline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.crisisline.events.AlertPaged;
import org.crisisline.smssink.OutboxMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./crisisline bench --pages N}: the time from intake to page. Starts the local stack in this
 * JVM, puts one person on call (their work phone, SMS only) as the whole {@code supervisors}
 * schedule (the default {@code page.steps}), then logs 20 unmeasured and N measured IMMINENT_RISK
 * requests, two a second, in the bench's region, where no counsellor is registered, so each must
 * page at once. For each
 * request it reports two intervals from just before its POST: until routing's first
 * {@link AlertPaged} for it is committed on {@code alerts} (read_committed), and until the page's
 * SMS reaches the SMS provider (the local sink's receipt time). Writes paging.md.
 */
final class PagingLatency {
  private static final Logger LOG = LoggerFactory.getLogger(PagingLatency.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ON_CALL = "bench-oncall";
  private static final String PHONE = "+15035550399";
  private static final long RATE_PER_SECOND = 2;
  private static final int WARM_UP = 20;

  private PagingLatency() {}

  static void run(BenchOptions o) throws Exception {
    try (Target target = Target.of(o)) {
      if (!target.inProcess()) {
        throw new IllegalArgumentException("--pages runs against the in-process stack only (it reads its SMS sink)");
      }
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String admin = login(http, target, "admin");
      String staff = login(http, target, "staff");
      String supervisor = login(http, target, "supervisor");
      call(http, target, "PUT", "/api/v1/oncall/people/" + ON_CALL, admin, Map.of("name", "Bench On-call",
          "phone", PHONE, "email", ON_CALL + "@supervisors.example.org", "channels", List.of("SMS")));
      call(http, target, "PUT", "/api/v1/schedules/supervisors", admin, Map.of("name", "Supervisors on call",
          "timeZone", "UTC", "rotation", Map.of("participants", List.of(ON_CALL), "shiftLength", 1,
              "handoff", "DAILY", "handoffTime", "00:00", "start", Instant.now().minus(Duration.ofDays(1)).toString())));
      awaitOnCall(http, target, supervisor);

      Map<String, Long> postedAt = new ConcurrentHashMap<>();
      try (AlertTap tap = new AlertTap(target.bootstrap)) {
        // Unmeasured first: the stack has just started, and the first alerts measure the JIT.
        Map<String, Long> warmUp = new ConcurrentHashMap<>();
        logAlerts(http, target, staff, o.region(), WARM_UP, warmUp);
        Instant warmed = Instant.now().plusSeconds(60);
        while (tap.firstPages(warmUp.keySet()).size() < warmUp.size() && Instant.now().isBefore(warmed)) {
          Thread.sleep(200);
        }
        LOG.info("bench: {} warm-up alerts paged; measuring {}", WARM_UP, o.pages());
        logAlerts(http, target, staff, o.region(), o.pages(), postedAt);
        Histogram decided = new Histogram(3_600_000, 3);
        Histogram sent = new Histogram(3_600_000, 3);
        Instant giveUp = Instant.now().plusSeconds(60);
        Map<String, AlertPaged> first;
        while ((first = tap.firstPages(postedAt.keySet())).size() < postedAt.size() && Instant.now().isBefore(giveUp)) {
          Thread.sleep(200);
        }
        List<OutboxMessage> sms = target.sms().smsMessages();
        int missing = 0;
        for (var e : postedAt.entrySet()) {
          AlertPaged page = first.get(e.getKey());
          Long seenAt = page == null ? null : tap.seenAt(page.pageId());
          OutboxMessage text = page == null ? null : sms.stream()
              .filter(m -> page.pageId().equals(m.offerId())).findFirst().orElse(null);
          if (seenAt == null || text == null) {
            missing++;
            continue;
          }
          decided.recordValue(Math.max(0, seenAt - e.getValue()));
          sent.recordValue(Math.max(0, text.sentAt().toEpochMilli() - e.getValue()));
        }
        String report = String.format(Locale.ROOT, """
            # Intake to page

            %d IMMINENT_RISK requests logged at %d/s (after %d unmeasured) with nobody able to take them and one
            person on call (SMS only); %d got no page within 60 s. Milliseconds from just before each POST.

            | interval | count | p50 | p99 | max |
            |---|---|---|---|---|
            | page decided (AlertPaged committed on alerts) | %d | %d | %d | %d |
            | page SMS at the provider (local SMS sink) | %d | %d | %d | %d |

            Command: `./crisisline bench --pages %d` (%d cores, Java %s, load average %.2f after).
            """, o.pages(), RATE_PER_SECOND, WARM_UP, missing,
            decided.getTotalCount(), decided.getValueAtPercentile(50), decided.getValueAtPercentile(99), decided.getMaxValue(),
            sent.getTotalCount(), sent.getValueAtPercentile(50), sent.getValueAtPercentile(99), sent.getMaxValue(),
            o.pages(), Runtime.getRuntime().availableProcessors(), Runtime.version(), Resources.loadAverage());
        Files.createDirectories(o.out());
        Files.writeString(o.out().resolve("paging.md"), report);
        System.out.println(report);
        System.out.println("written: " + o.out().resolve("paging.md"));
      }
    }
  }

  private static void logAlerts(HttpClient http, Target target, String staff, String region, int count,
      Map<String, Long> postedAt) throws Exception {
    for (int i = 0; i < count; i++) {
      long at = System.currentTimeMillis();
      JsonNode logged = call(http, target, "POST", "/api/v1/requests", staff, Map.of("channel", "PHONE",
          "urgency", "IMMINENT_RISK", "need", "CRISIS_COUNSELLING", "language", "en", "region", region));
      postedAt.put(logged.path("requestId").asText(), at);
      Thread.sleep(1000 / RATE_PER_SECOND);
    }
  }

  private static void awaitOnCall(HttpClient http, Target target, String supervisor) throws Exception {
    Instant giveUp = Instant.now().plusSeconds(30);
    while (!call(http, target, "GET", "/api/v1/oncall", supervisor, null).toString().contains(ON_CALL)) {
      if (Instant.now().isAfter(giveUp)) {
        throw new IllegalStateException("the bench's on-call person never showed as on call");
      }
      Thread.sleep(200);
    }
    LOG.info("bench: {} is on call", ON_CALL);
  }

  private static String login(HttpClient http, Target target, String user) throws Exception {
    String password = org.crisisline.intake.auth.DemoAccounts.passwordFor(target.password, user);
    return call(http, target, "POST", "/api/v1/session", null, Map.of("username", user, "password", password))
        .path("token").asText();
  }

  private static JsonNode call(HttpClient http, Target target, String method, String path, String token, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target.url + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if ("POST".equals(method) && "/api/v1/requests".equals(path)) {
      b.header("Idempotency-Key", UUID.randomUUID().toString());
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
  }
}

package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.crisisline.intake.component.IntakeFixture.callAt;
import static org.crisisline.intake.component.IntakeFixture.login;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.crisisline.events.AuditEvent;
import org.crisisline.events.CallerKeys;
import org.crisisline.events.DataErasedException;
import org.crisisline.events.DataKeys;
import org.crisisline.events.FollowUpCancelReason;
import org.crisisline.events.FollowUpCancelRequested;
import org.crisisline.events.Ids;
import org.crisisline.events.JsonSerde;
import org.crisisline.events.OfferDeclined;
import org.crisisline.events.PiiCipher;
import org.crisisline.events.RequestCancelled;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.Sealed;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.crisisline.intake.IntakeApp;
import org.crisisline.kafkalocal.RealKafka;
import org.crisisline.records.RealPostgres;
import org.crisisline.records.RecordsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Erasing a caller on request, on the real broker and a real records database: every sealed field of
 * their requests, on every topic, stops opening with the keyring while other callers' still open;
 * details answer 410; the KPIs still count them; a malformed number is a 400 that does not echo it,
 * and an unknown number answers like a known one; the audit says how many requests were erased.
 */
@ExtendWith(RealKafka.class)
class IntakeErasureTest {
  private static final String REGION = "era-" + UUID.randomUUID().toString().substring(0, 6);
  private static final List<String> FIELDS = List.of("summary", "callerContact", RequestCompleted.NOTE_FIELD,
      RequestCancelled.NOTE_FIELD, OfferDeclined.NOTE_FIELD);
  private static IntakeApp app;
  private static String base;

  @BeforeAll
  static void start() {
    IntakeFixture.app();
    RecordsConfig records = RealPostgres.newDatabase().withCallerKey(CallerKeys.generate());
    app = IntakeApp.start(IntakeFixture.config().withRegions(Set.of("north", "south", REGION))
        .withClientId("intake-erasure-" + UUID.randomUUID()), records);
    base = "http://localhost:" + app.port();
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  private static IntakeFixture.Reply call(String method, String path, String token, String body, String... headers) {
    return callAt(base, method, path, token, body, headers);
  }

  private static String log(String staff, String phone, String summary) {
    String body = IntakeFixture.request(summary, phone, "e@example.org").replace("\"north\"", "\"" + REGION + "\"");
    var r = call("POST", "/api/v1/requests", staff, body, "Idempotency-Key", UUID.randomUUID().toString());
    assertThat(r.status()).isEqualTo(202);
    return r.json().get("requestId").asText();
  }

  private static IntakeFixture.Reply erase(String admin, String phone, String key) {
    return call("POST", "/api/v1/callers/erase", admin, "{\"phone\":\"" + phone + "\"}", "Idempotency-Key", key);
  }

  private static String phone() {
    return "+1503555" + (1000 + ThreadLocalRandom.current().nextInt(8999));
  }

  @Test
  void anErasedCallersSealedFieldsOpenNowhereWhileTheirCodesStillCount() throws Exception {
    String phone = phone();
    String other = phone();
    while (other.equals(phone)) {
      other = phone();
    }
    String digits = phone.substring(1);
    String staff = login("staff");
    String supervisor = login("supervisor");
    String admin = login("admin");
    String responderId = IntakeFixture.newResponderId();
    String responder = IntakeFixture.responder(admin, responderId);
    // Given two requests of the caller, one completed with a note, and one of another caller
    String first = log(staff, phone, "ERASE-ME-" + UUID.randomUUID());
    String second = log(staff, phone, "ERASE-ME-TOO-" + UUID.randomUUID());
    String kept = log(staff, other, "KEEP-ME-" + UUID.randomUUID());
    try (var routing = new TestProducer()) {
      routing.send(Topics.REQUEST_STATUS, first, IntakeThinPathTest.status(first, RequestStatus.ACCEPTED, Ids.newId(),
          responderId));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> call("POST", "/api/v1/requests/" + first + "/complete", responder,
        "{\"disposition\": \"SAFETY_PLAN_MADE\", \"safetyPlan\": true, \"note\": \"talked about the bridge\"}")
        .status() == 202);
    assertThat(call("GET", "/api/v1/requests/" + first + "/details", supervisor, null).status()).isEqualTo(200);
    String kpis = "/api/v1/reports/kpis?from=" + LocalDate.now(ZoneOffset.UTC) + "&to=" + LocalDate.now(ZoneOffset.UTC)
        + "&interval=day&region=" + REGION;
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      JsonNode bucket = call("GET", kpis, supervisor, null).json().path("buckets").get(0);
      assertThat(bucket.path("logged").asInt()).isEqualTo(3);
      assertThat(bucket.path("dispositions").path("SAFETY_PLAN_MADE").asInt()).isEqualTo(1);
    });

    // When an admin erases the caller, the number typed in another format
    String typed = "+1 (" + digits.substring(1, 4) + ") " + digits.substring(4, 7) + "-" + digits.substring(7);
    String key = UUID.randomUUID().toString();
    var erased = erase(admin, typed, key);
    assertThat(erased.status()).isEqualTo(200);
    assertThat(erased.body()).doesNotContain(digits);

    // Then details of the caller's requests answer 410 with the reason; the other caller's still open
    for (String id : List.of(first, second)) {
      var details = call("GET", "/api/v1/requests/" + id + "/details", supervisor, null);
      assertThat(details.status()).isEqualTo(410);
      assertThat(details.header("Content-Type")).startsWith("application/problem+json");
      assertThat(details.body()).contains("erased");
    }
    assertThat(call("GET", "/api/v1/requests/" + kept + "/details", supervisor, null).status()).isEqualTo(200);

    // And on every topic, no sealed field of the caller's requests opens with the keyring; the other's do
    DataKeys keyring = DataKeysOnTopic.opener(IntakeFixture.KEYRING);
    Map<String, Integer> sealedSeen = new HashMap<>();
    for (Topic<?, ?> topic : Topics.all()) {
      for (Found f : sealedOn(topic, Set.of(first, second, kept))) {
        sealedSeen.merge(f.requestId(), 1, Integer::sum);
        if (f.requestId().equals(kept)) {
          assertThat(FIELDS.stream().anyMatch(field -> opens(keyring, field, kept, f.sealed())))
              .as("the other caller's %s on %s", f.property(), topic.name()).isTrue();
        } else {
          for (String field : FIELDS) {
            assertThatThrownBy(() -> keyring.open(field, f.requestId(), f.sealed()))
                .as("%s on %s", f.property(), topic.name()).isInstanceOf(DataErasedException.class);
          }
          assertThatThrownBy(() -> PiiCipher.fromKeyring(IntakeFixture.KEYRING).open(f.property(), f.requestId(),
              f.sealed())).isInstanceOf(IllegalStateException.class);
        }
      }
    }
    // (summary and contact of each request, and the completion note of the first)
    assertThat(sealedSeen).containsEntry(first, 3).containsEntry(second, 2).containsEntry(kept, 2);

    // And the KPIs still count the erased caller's requests and their codes
    JsonNode bucket = call("GET", kpis, supervisor, null).json().path("buckets").get(0);
    assertThat(bucket.path("logged").asInt()).isEqualTo(3);
    assertThat(bucket.path("dispositions").path("SAFETY_PLAN_MADE").asInt()).isEqualTo(1);

    // And each erased request's follow-ups are cancelled, none of the other caller's
    try (var answers = new TestConsumer<>(Topics.OFFER_ANSWERS)) {
      List<String> cancelled = answers.values().stream()
          .filter(v -> v instanceof FollowUpCancelRequested c && c.reason() == FollowUpCancelReason.ERASED)
          .map(v -> ((FollowUpCancelRequested) v).requestId()).toList();
      assertThat(cancelled).contains(first, second).doesNotContain(kept);
    }

    // And an unknown number answers exactly as a known one; a retry with the same key is a replay
    var unknown = erase(admin, phone().replace("+1503", "+1971"), UUID.randomUUID().toString());
    assertThat(unknown.status()).isEqualTo(200);
    assertThat(unknown.body()).isEqualTo(erased.body());
    var replay = erase(admin, typed, key);
    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");

    // And the audit says how many requests were erased, never the number
    try (var audit = new TestConsumer<>(Topics.AUDIT)) {
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        List<AuditEvent> erasures = audit.values().stream().filter(e -> e != null && "caller.erase".equals(e.action()))
            .toList();
        assertThat(erasures).extracting(AuditEvent::count).contains(2, 0);
        assertThat(erasures).extracting(AuditEvent::actor).containsOnly("admin");
      });
      for (var r : audit.readToEnd()) {
        assertThat(new String(r.value() == null ? new byte[0] : r.value(), StandardCharsets.UTF_8)).doesNotContain(digits);
      }
    }
  }

  @Test
  void aMalformedNumberIsA400ThatDoesNotEchoItAndOnlyAnAdminErases() {
    String admin = login("admin");
    var bad = erase(admin, "555-0199-77x", UUID.randomUUID().toString());
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("\"field\":\"phone\"").doesNotContain("0199").doesNotContain("77x");
    var missing = call("POST", "/api/v1/callers/erase", admin, "{}", "Idempotency-Key", UUID.randomUUID().toString());
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body()).contains("phone");
    var noKey = call("POST", "/api/v1/callers/erase", admin, "{\"phone\":\"" + phone() + "\"}");
    assertThat(noKey.status()).isEqualTo(400);
    assertThat(noKey.body()).contains("Idempotency-Key");
    for (String user : List.of("staff", "supervisor")) {
      assertThat(erase(login(user), phone(), UUID.randomUUID().toString()).status()).isEqualTo(403);
    }
  }

  @Test
  void theDataKeysTopicIsCompactedSoonAfterATombstone() throws Exception {
    try (Admin kafka = Admin.create(Map.of("bootstrap.servers", RealKafka.bootstrapServers()))) {
      ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, Topics.DATA_KEYS.name());
      var config = kafka.describeConfigs(List.of(r)).all().get().get(r);
      assertThat(config.get("cleanup.policy").value()).contains("compact");
      assertThat(config.get("min.compaction.lag.ms").value()).isEqualTo("0");
      assertThat(config.get("max.compaction.lag.ms").value()).isEqualTo("3600000");
      assertThat(config.get("segment.ms").value()).isEqualTo("3600000");
    }
  }

  private record Found(String requestId, String property, Sealed sealed) {}

  /** Every sealed value on {@code topic} whose record names one of {@code requestIds}, by JSON shape. */
  private static List<Found> sealedOn(Topic<?, ?> topic, Set<String> requestIds) throws Exception {
    List<Found> out = new ArrayList<>();
    if (topic.keySerde().getClass() != Topics.HELP_REQUESTS.keySerde().getClass()) {
      return out; // dead letters: raw bytes of other tests' poison records
    }
    @SuppressWarnings("unchecked")
    Topic<String, Object> t = (Topic<String, Object>) topic;
    try (var consumer = new TestConsumer<>(t)) {
      for (var r : consumer.readToEnd()) {
        if (r.value() == null) {
          continue;
        }
        JsonNode value;
        try {
          value = JsonSerde.MAPPER.readTree(r.value());
        } catch (Exception notJson) {
          continue;
        }
        String requestId = value.path("requestId").asText(null);
        if (requestId != null && requestIds.contains(requestId)) {
          collect(requestId, null, value, out);
        }
      }
    }
    return out;
  }

  private static void collect(String requestId, String property, JsonNode node, List<Found> out) {
    if (node.isObject() && node.has("keyId") && node.has("data") && node.size() == 2) {
      if (!node.path("data").asText().startsWith("dk1.")) { // a wrapped data key is not a field
        out.add(new Found(requestId, property, new Sealed(node.get("keyId").asText(), node.get("data").asText())));
      }
      return;
    }
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> collect(requestId, e.getKey(), e.getValue(), out));
    } else if (node.isArray()) {
      node.forEach(n -> collect(requestId, property, n, out));
    }
  }

  private static boolean opens(DataKeys keys, String field, String requestId, Sealed sealed) {
    try {
      keys.open(field, requestId, sealed);
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }
}

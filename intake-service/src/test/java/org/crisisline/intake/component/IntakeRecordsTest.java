package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crisisline.intake.component.IntakeFixture.callAt;
import static org.crisisline.intake.component.IntakeFixture.login;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.crisisline.events.CallerKeys;
import org.crisisline.events.Ids;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.Topics;
import org.crisisline.intake.IntakeApp;
import org.crisisline.kafkalocal.RealKafka;
import org.crisisline.records.RealPostgres;
import org.crisisline.records.RecordsConfig;
import org.crisisline.records.db.RecordsDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Intake with the contact-record read model (a real PostgreSQL): caller history by keyed hash,
 * the KPI report as JSON and CSV, bad input named by field, and no clear phone number anywhere
 * it travels (topic, database, answers).
 */
@ExtendWith(RealKafka.class)
class IntakeRecordsTest {
  private static final String REGION = "rpt-" + UUID.randomUUID().toString().substring(0, 6);
  private static IntakeApp app;
  private static RecordsConfig records;
  private static String base;

  @BeforeAll
  static void start() {
    IntakeFixture.app();
    records = RealPostgres.newDatabase().withCallerKey(CallerKeys.generate());
    app = IntakeApp.start(IntakeFixture.config().withRegions(Set.of("north", "south", REGION))
        .withClientId("intake-records-" + UUID.randomUUID()), records);
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

  private static String log(String staff, String phone) {
    String body = IntakeFixture.request("records test", phone, "r@example.org").replace("\"north\"", "\"" + REGION + "\"");
    var r = call("POST", "/api/v1/requests", staff, body, "Idempotency-Key", UUID.randomUUID().toString());
    assertThat(r.status()).isEqualTo(202);
    return r.json().get("requestId").asText();
  }

  @Test
  void historyReportsAndCsvComeFromTheReadModelAndNoPhoneIsStoredInClear() throws Exception {
    String phone = "+1503555" + (1000 + ThreadLocalRandom.current().nextInt(8999));
    String digits = phone.substring(1);
    String staff = login("staff");
    String supervisor = login("supervisor");
    String responderId = IntakeFixture.newResponderId();
    String responder = IntakeFixture.responder(login("admin"), responderId);
    // Given a first contact from this number, accepted and completed with a HIGH-risk screen
    String first = log(staff, phone);
    try (var routing = new TestProducer()) {
      routing.send(Topics.REQUEST_STATUS, first,
          IntakeThinPathTest.status(first, RequestStatus.ACCEPTED, Ids.newId(), responderId));
    }
    await().atMost(Duration.ofSeconds(10)).until(() ->
        call("POST", "/api/v1/requests/" + first + "/complete", responder, """
            {"disposition": "SAFETY_PLAN_MADE", "safetyPlan": true,
             "riskScreen": {"wishToBeDead": true, "suicidalThoughts": true, "intentWithPlan": true}}""").status() == 202);
    // When staff type the number (in another format) before logging the next contact
    String typed = "+1 (" + digits.substring(1, 4) + ") " + digits.substring(4, 7) + "-" + digits.substring(7);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      var h = call("GET", "/api/v1/callers/history?phone=" + java.net.URLEncoder.encode(typed, StandardCharsets.UTF_8),
          staff, null);
      assertThat(h.status()).isEqualTo(200);
      // Then they see one earlier contact, its date, disposition and risk level
      assertThat(h.json().path("earlierContacts").asInt()).isEqualTo(1);
      assertThat(h.json().path("windowDays").asInt()).isEqualTo(90);
      assertThat(h.json().path("lastDisposition").asText()).isEqualTo("SAFETY_PLAN_MADE");
      assertThat(h.json().path("lastRiskLevel").asText()).isEqualTo("HIGH");
      assertThat(h.body()).doesNotContain(digits);
    });
    // And once the second is logged, both count and the latest is the new one
    String second = log(staff, phone);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      var h = call("GET", "/api/v1/callers/history?phone=" + phone.replace("+", "%2B"), supervisor, null);
      assertThat(h.json().path("earlierContacts").asInt()).isEqualTo(2);
      assertThat(h.json().path("lastDisposition").isNull()).isTrue();
    });
    // And a malformed number is a 400 naming the field, without echoing it
    var bad = call("GET", "/api/v1/callers/history?phone=555-" + digits.substring(4), staff, null);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("\"field\":\"phone\"").doesNotContain(digits.substring(4));
    assertThat(call("GET", "/api/v1/callers/history", staff, null).status()).isEqualTo(400);

    // The KPI report of today in this region: 2 logged, 1 accepted, 1 completed SAFETY_PLAN_MADE at HIGH risk
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    String path = "/api/v1/reports/kpis?from=" + today + "&to=" + today + "&interval=day&region=" + REGION;
    var report = call("GET", path, supervisor, null);
    assertThat(report.status()).isEqualTo(200);
    var bucket = report.json().path("buckets").get(0);
    assertThat(bucket.path("logged").asInt()).isEqualTo(2);
    assertThat(bucket.path("accepted").asInt()).isEqualTo(1);
    assertThat(bucket.path("answerRate").asDouble()).isEqualTo(0.5);
    assertThat(bucket.path("dispositions").path("SAFETY_PLAN_MADE").asInt()).isEqualTo(1);
    assertThat(bucket.path("riskLevels").path("HIGH").asInt()).isEqualTo(1);
    assertThat(report.json().path("slaSeconds").path("HIGH").asInt()).isEqualTo(300);
    // as CSV, the same numbers under a header row
    var csv = call("GET", path, supervisor, null, "Accept", "text/csv");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    String[] lines = csv.body().split("\r\n");
    assertThat(lines[0]).startsWith("start,end,region,logged,accepted,answerRate");
    assertThat(lines[1]).contains(",2,1,0.5,");
    // per region, the bucket carries the region
    var byRegion = call("GET", path + "&byRegion=true", supervisor, null);
    assertThat(byRegion.json().path("buckets").get(0).path("region").asText()).isEqualTo(REGION);

    // No clear phone number in the read model, nor on help-requests: only its keyed hash
    try (Connection c = RecordsDb.connect(records).connection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM contacts WHERE request_id IN ('" + first + "','" + second + "')")) {
      int rows = 0;
      while (rs.next()) {
        rows++;
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          assertThat(String.valueOf(rs.getObject(i))).doesNotContain(digits);
        }
        assertThat(rs.getString("caller_key")).isEqualTo(CallerKeys.fromBase64(records.callerKey()).of(phone));
      }
      assertThat(rows).isEqualTo(2);
    }
    try (var topic = new TestConsumer<>(Topics.HELP_REQUESTS)) {
      var raw = topic.readToEnd().stream().filter(r -> first.equals(new String(r.key(), StandardCharsets.UTF_8)))
          .findFirst().orElseThrow();
      assertThat(new String(raw.value(), StandardCharsets.UTF_8)).doesNotContain(digits).contains("\"callerKey\":\"");
    }
  }

  @Test
  void badReportParametersAreNamedAndOnlySupervisorsReadReports() {
    String supervisor = login("supervisor");
    assertThat(call("GET", "/api/v1/reports/kpis?interval=week", supervisor, null).body()).contains("\"field\":\"interval\"");
    assertThat(call("GET", "/api/v1/reports/kpis?from=2026-11-20&to=2026-11-10", supervisor, null).body())
        .contains("\"field\":\"to\"");
    assertThat(call("GET", "/api/v1/reports/kpis?from=2020-01-01", supervisor, null).body()).contains("\"field\":\"from\"");
    assertThat(call("GET", "/api/v1/reports/kpis?region=atlantis", supervisor, null).body())
        .contains("\"field\":\"region\"");
    assertThat(call("GET", "/api/v1/reports/kpis", login("staff"), null).status()).isEqualTo(403);
  }

  @Test
  void anUnreachableDatabaseDoesNotHoldIntakeUpAndReportsAre503() throws Exception {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    RecordsConfig down = new RecordsConfig("jdbc:postgresql://localhost:" + closedPort + "/nowhere", "postgres", null,
        null, CallerKeys.generate(), 0);
    try (IntakeApp lonely = IntakeApp.start(IntakeFixture.config().withClientId("intake-nodb-" + UUID.randomUUID()),
        down)) {
      String url = "http://localhost:" + lonely.port();
      String supervisor = login("supervisor");
      assertThat(callAt(url, "GET", "/api/v1/reports/kpis", supervisor, null).status()).isEqualTo(503);
      assertThat(callAt(url, "GET", "/api/v1/callers/history?phone=%2B15035550100", supervisor, null).status())
          .isEqualTo(503);
      assertThat(callAt(url, "GET", "/api/v1/requests?mine=today", login("staff"), null).status()).isEqualTo(200);
    }
  }

  @Test
  void withoutAReadModelReportsAndHistoryAre503() {
    String supervisor = login("supervisor");
    assertThat(IntakeFixture.call("GET", "/api/v1/reports/kpis", supervisor, null).status()).isEqualTo(503);
    assertThat(IntakeFixture.call("GET", "/api/v1/callers/history?phone=%2B15035550100", supervisor, null).status())
        .isEqualTo(503);
  }
}

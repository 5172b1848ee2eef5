package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crisisline.intake.component.IntakeFixture.call;
import static org.crisisline.intake.component.IntakeFixture.login;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.crisisline.events.AuditEvent;
import org.crisisline.events.ScheduleSaved;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On-call schedules through the API against a real broker: an admin saves a schedule, it lands on
 * {@code oncall-schedules} and is read back; a supervisor adds an override and {@code /oncall}
 * names who covers; bad input names the field and writes nothing; roles are enforced.
 */
@ExtendWith(RealKafka.class)
class IntakeSchedulesTest {
  // Daily 09:00 London hand-offs between two responders, from 2026-03-27 09:00 GMT.
  static final String SCHEDULE = """
      {"name": "Supervisors on call", "timeZone": "Europe/London",
       "rotation": {"participants": ["%s", "sup-other"], "shiftLength": 1, "handoff": "DAILY",
                    "handoffTime": "09:00", "start": "2026-03-27T09:00:00Z"}}""";

  private static String admin;
  private static String supervisor;
  private static String responderId;

  @BeforeAll
  static void start() {
    IntakeFixture.app();
    admin = login("admin");
    supervisor = login("supervisor");
    responderId = IntakeFixture.newResponderId();
    IntakeFixture.responder(admin, responderId);
  }

  static String newScheduleId() {
    return "sched-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static List<String> fields(IntakeFixture.Reply r) {
    List<String> fields = new ArrayList<>();
    r.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
    return fields;
  }

  @Test
  void adminPutsAScheduleItLandsOnTheTopicAndReadsBackWithAnAuditEvent() {
    String id = newScheduleId();
    // When admin puts it, then puts it again
    assertThat(call("PUT", "/api/v1/schedules/" + id, admin, SCHEDULE.formatted(responderId)).status()).isEqualTo(201);
    var again = call("PUT", "/api/v1/schedules/" + id, admin, SCHEDULE.formatted(responderId));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("version").asLong()).isEqualTo(2);
    // Then it reads back as saved
    var got = call("GET", "/api/v1/schedules/" + id, admin, null);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json().get("rotation").get("handoffTime").asText()).isEqualTo("09:00");
    assertThat(got.json().get("timeZone").asText()).isEqualTo("Europe/London");
    // and the topic and the audit trail hold it
    try (var topic = new TestConsumer<>(Topics.ONCALL_SCHEDULES); var audit = new TestConsumer<>(Topics.AUDIT)) {
      ScheduleSaved saved = topic.awaitValue(v -> v.schedule().id().equals(id) && v.version() == 2);
      assertThat(saved.schedule().rotation().participants()).containsExactly(responderId, "sup-other");
      AuditEvent a = audit.awaitValue(v -> id.equals(v.resourceId()) && v.action().equals("schedule.create"));
      assertThat(a.actor()).isEqualTo("admin");
    }
  }

  @Test
  void onCallNamesTheRotationsPersonThenTheOverridesCover() {
    // Given a schedule whose first shift (2026-03-27 09:00 to 2026-03-28 09:00 London) is the responder's
    String id = newScheduleId();
    assertThat(call("PUT", "/api/v1/schedules/" + id, admin, SCHEDULE.formatted(responderId)).status()).isEqualTo(201);
    var before = call("GET", "/api/v1/oncall?at=2026-03-27T12:00:00Z", supervisor, null);
    assertThat(before.status()).isEqualTo(200);
    var row = row(before, id);
    assertThat(row.get("userId").asText()).isEqualTo(responderId);
    assertThat(row.get("name").asText()).isEqualTo("Test Responder");
    assertThat(row.get("until").asText()).isEqualTo("2026-03-28T09:00:00Z");
    // When a supervisor adds an override 11:00-13:00
    var added = call("POST", "/api/v1/schedules/" + id + "/overrides", supervisor,
        "{\"userId\": \"cover-1\", \"from\": \"2026-03-27T11:00:00Z\", \"to\": \"2026-03-27T13:00:00Z\"}");
    assertThat(added.status()).isEqualTo(201);
    assertThat(added.json().get("overrides")).hasSize(1);
    // Then the cover is on call at noon, until the override ends
    row = row(call("GET", "/api/v1/oncall?at=2026-03-27T12:00:00Z", supervisor, null), id);
    assertThat(row.get("userId").asText()).isEqualTo("cover-1");
    assertThat(row.get("name").asText()).isEqualTo("cover-1");
    assertThat(row.get("until").asText()).isEqualTo("2026-03-27T13:00:00Z");
  }

  @Test
  void aBadScheduleIsRefusedWithEachFieldNamedAndNothingIsSaved() {
    String id = newScheduleId();
    String bad = """
        {"name": "Broken", "timeZone": "Europe/Atlantis",
         "rotation": {"participants": [], "shiftLength": 0, "handoff": "DAILY", "handoffTime": "09:00",
                      "start": "2026-03-27T09:00:00Z"},
         "overrides": [{"userId": "x", "from": "2026-03-27T12:00:00Z", "to": "2026-03-27T11:00:00Z"}]}""";
    var r = call("PUT", "/api/v1/schedules/" + id, admin, bad);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(fields(r)).contains("timeZone", "rotation.shiftLength", "overrides[0].to");
    // no participants is fine here: there is an override; without it, the participants are named
    var none = call("PUT", "/api/v1/schedules/" + id, admin, bad.replace(
        ",\n \"overrides\": [{\"userId\": \"x\", \"from\": \"2026-03-27T12:00:00Z\", \"to\": \"2026-03-27T11:00:00Z\"}]", ""));
    assertThat(none.status()).isEqualTo(400);
    assertThat(fields(none)).contains("rotation.participants");
    assertThat(call("GET", "/api/v1/schedules/" + id, admin, null).status()).isEqualTo(404);
  }

  @Test
  void aBackwardsOverrideIsRefusedAndTheScheduleIsUnchanged() {
    String id = newScheduleId();
    assertThat(call("PUT", "/api/v1/schedules/" + id, admin, SCHEDULE.formatted(responderId)).status()).isEqualTo(201);
    var r = call("POST", "/api/v1/schedules/" + id + "/overrides", supervisor,
        "{\"userId\": \"cover-1\", \"from\": \"2026-03-27T13:00:00Z\", \"to\": \"2026-03-27T11:00:00Z\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(fields(r)).containsExactly("to");
    var got = call("GET", "/api/v1/schedules/" + id, admin, null);
    assertThat(got.json().get("version").asLong()).isEqualTo(1);
    assertThat(got.json().get("overrides")).isEmpty();
    assertThat(call("POST", "/api/v1/schedules/no-such/overrides", supervisor,
        "{\"userId\": \"c\", \"from\": \"2026-03-27T11:00:00Z\", \"to\": \"2026-03-27T13:00:00Z\"}").status()).isEqualTo(404);
  }

  @Test
  void rolesAreEnforced() {
    String id = newScheduleId();
    String staff = login("staff");
    assertThat(call("PUT", "/api/v1/schedules/" + id, supervisor, SCHEDULE.formatted(responderId)).status()).isEqualTo(403);
    assertThat(call("GET", "/api/v1/schedules/" + id, supervisor, null).status()).isEqualTo(403);
    assertThat(call("GET", "/api/v1/oncall", staff, null).status()).isEqualTo(403);
    assertThat(call("GET", "/api/v1/oncall", null, null).status()).isEqualTo(401);
    assertThat(call("GET", "/api/v1/oncall?at=yesterday", supervisor, null).status()).isEqualTo(400);
  }

  private static com.fasterxml.jackson.databind.JsonNode row(IntakeFixture.Reply r, String scheduleId) {
    for (var row : r.json()) {
      if (row.get("scheduleId").asText().equals(scheduleId)) {
        return row;
      }
    }
    throw new AssertionError("no row for " + scheduleId + " in " + r.body());
  }
}

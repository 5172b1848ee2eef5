package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crisisline.intake.component.IntakeFixture.call;
import static org.crisisline.intake.component.IntakeFixture.login;

import java.util.UUID;
import org.crisisline.events.AuditEvent;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.OnCallPerson;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The on-call people directory through the API against a real broker: an admin saves a person
 * with their work contact, it lands on {@code oncall-people} and {@code /oncall} names them by it;
 * bad input names the field and writes nothing; removal writes a tombstone; roles are enforced.
 */
@ExtendWith(RealKafka.class)
class IntakeOnCallPeopleTest {
  static final String DANA = """
      {"name": "Dana Whitfield", "phone": "+15035550131", "email": "dana@supervisors.example.org",
       "channels": ["SMS", "EMAIL"]}""";

  private static String admin;
  private static String supervisor;

  @BeforeAll
  static void start() {
    IntakeFixture.app();
    admin = login("admin");
    supervisor = login("supervisor");
  }

  static String newUserId() {
    return "sup-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void adminSavesAPersonItLandsOnTheTopicAndSupervisorsSeeThem() {
    String id = newUserId();
    // When admin saves them, then saves them again
    var created = call("PUT", "/api/v1/oncall/people/" + id, admin, DANA);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("phone").asText()).isEqualTo("+15035550131");
    assertThat(call("PUT", "/api/v1/oncall/people/" + id, admin, DANA.replace("Whitfield", "W.")).status())
        .isEqualTo(200);
    // Then supervisors see them as last saved
    var list = call("GET", "/api/v1/oncall/people", supervisor, null);
    assertThat(list.status()).isEqualTo(200);
    var row = find(list, id);
    assertThat(row.get("name").asText()).isEqualTo("Dana W.");
    assertThat(row.get("channels").toString()).isEqualTo("[\"SMS\",\"EMAIL\"]");
    // And the topic holds them keyed by userId, the audit trail the change
    try (var topic = new TestConsumer<>(Topics.ONCALL_PEOPLE); var audit = new TestConsumer<>(Topics.AUDIT)) {
      OnCallPerson p = topic.awaitValue(v -> v.userId().equals(id) && v.name().equals("Dana W."));
      assertThat(p.contact().email()).isEqualTo("dana@supervisors.example.org");
      assertThat(p.channels()).containsExactly(DeliveryChannel.SMS, DeliveryChannel.EMAIL);
      AuditEvent a = audit.awaitValue(v -> id.equals(v.resourceId()) && v.action().equals("oncall.person.create"));
      assertThat(a.actor()).isEqualTo("admin");
    }
  }

  @Test
  void onCallNamesThePersonFromTheDirectory() {
    // Given a person in the directory who is on call in a schedule
    String id = newUserId();
    assertThat(call("PUT", "/api/v1/oncall/people/" + id, admin, DANA).status()).isEqualTo(201);
    String scheduleId = IntakeSchedulesTest.newScheduleId();
    assertThat(call("PUT", "/api/v1/schedules/" + scheduleId, admin, IntakeSchedulesTest.SCHEDULE.formatted(id))
        .status()).isEqualTo(201);
    // When a supervisor asks who is on call in that shift
    var r = call("GET", "/api/v1/oncall?at=2026-03-27T12:00:00Z", supervisor, null);
    // Then the row names them as the directory does
    boolean found = false;
    for (var row : r.json()) {
      if (row.get("scheduleId").asText().equals(scheduleId)) {
        assertThat(row.get("userId").asText()).isEqualTo(id);
        assertThat(row.get("name").asText()).isEqualTo("Dana Whitfield");
        found = true;
      }
    }
    assertThat(found).as("a row for " + scheduleId).isTrue();
  }

  @Test
  void badInputNamesEachFieldAndWritesNothing() {
    String id = newUserId();
    long before;
    try (var topic = new TestConsumer<>(Topics.ONCALL_PEOPLE)) {
      before = topic.endOffsetSum();
      var none = call("PUT", "/api/v1/oncall/people/" + id, admin, "{\"name\": \"No Contact\"}");
      assertThat(none.status()).isEqualTo(400);
      assertThat(none.header("Content-Type")).startsWith("application/problem+json");
      assertThat(IntakeSchedulesTest.fields(none)).containsExactly("phone");
      var bad = call("PUT", "/api/v1/oncall/people/" + id, admin,
          "{\"name\": \"X\", \"phone\": \"+10005550131\", \"email\": \"nope\", \"channels\": [\"FAX\"]}");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(IntakeSchedulesTest.fields(bad)).contains("phone", "email", "channels[0]");
      var smsWithoutPhone = call("PUT", "/api/v1/oncall/people/" + id, admin,
          "{\"name\": \"X\", \"email\": \"x@example.org\", \"channels\": [\"SMS\"]}");
      assertThat(IntakeSchedulesTest.fields(smsWithoutPhone)).containsExactly("phone");
      // Then nothing was written, and nobody was added
      assertThat(topic.endOffsetSum()).isEqualTo(before);
    }
    assertThat(call("GET", "/api/v1/oncall/people", admin, null).body()).doesNotContain(id);
  }

  @Test
  void removingAPersonWritesATombstone() {
    String id = newUserId();
    assertThat(call("PUT", "/api/v1/oncall/people/" + id, admin, DANA).status()).isEqualTo(201);
    // When admin removes them
    assertThat(call("DELETE", "/api/v1/oncall/people/" + id, admin, null).status()).isEqualTo(204);
    // Then they are gone at once, a second removal is a 404, and the topic has the tombstone
    assertThat(call("GET", "/api/v1/oncall/people", supervisor, null).body()).doesNotContain(id);
    assertThat(call("DELETE", "/api/v1/oncall/people/" + id, admin, null).status()).isEqualTo(404);
    try (var topic = new TestConsumer<>(Topics.ONCALL_PEOPLE)) {
      var records = topic.readToEnd();
      var last = records.stream().filter(r -> r.key() != null && new String(r.key()).equals(id)).reduce((a, b) -> b);
      assertThat(last).isPresent();
      assertThat(last.get().value()).as("tombstone").isNull();
    }
  }

  @Test
  void rolesAreEnforced() {
    String id = newUserId();
    String staff = login("staff");
    assertThat(call("PUT", "/api/v1/oncall/people/" + id, supervisor, DANA).status()).isEqualTo(403);
    assertThat(call("DELETE", "/api/v1/oncall/people/" + id, supervisor, null).status()).isEqualTo(403);
    assertThat(call("GET", "/api/v1/oncall/people", staff, null).status()).isEqualTo(403);
    assertThat(call("GET", "/api/v1/oncall/people", null, null).status()).isEqualTo(401);
  }

  private static com.fasterxml.jackson.databind.JsonNode find(IntakeFixture.Reply r, String userId) {
    for (var row : r.json()) {
      if (row.get("userId").asText().equals(userId)) {
        return row;
      }
    }
    throw new AssertionError("no row for " + userId + " in " + r.body());
  }
}

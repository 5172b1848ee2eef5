package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crisisline.intake.component.IntakeFixture.call;
import static org.crisisline.intake.component.IntakeFixture.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.crisisline.events.AuditEvent;
import org.crisisline.events.JsonSerde;
import org.crisisline.events.LocalService;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The service directory: admin PUT of a LocalService-shaped body, and a bulk HSDS import of a
 * file with good and bad records — the good ones land on {@code directory}, each bad one is
 * reported field by field, and the file as a whole is not refused.
 */
@ExtendWith(RealKafka.class)
class IntakeDirectoryTest {
  static final String SERVICE = """
      {"organization": "Northside Community Trust", "name": "Veterans peer circle", "description": "Weekly group",
       "kinds": ["SUPPORT_GROUP", "PEER_SUPPORT_PROGRAMME"], "status": "ACTIVE",
       "serviceArea": {"regions": ["north"], "postalPrefixes": ["972"]}, "languages": ["en", "es"],
       "eligibility": {"minAge": 18, "maxAge": null, "description": "adults"},
       "schedule": [{"day": "MONDAY", "opens": "09:00", "closes": "17:00"}], "timeZone": "America/Los_Angeles",
       "capacity": {"available": 3, "maximum": 10}, "intakeContact": {"phone": "+15035550199", "email": "intake@example.org"},
       "cost": "free", "accessibility": "step-free", "assuredDate": "2026-01-15"}""";

  private static String admin;

  @BeforeAll
  static void start() {
    IntakeFixture.app();
    admin = login("admin");
  }

  @Test
  void adminPutsAServiceAndItLandsOnTheDirectoryTopicWithAnAuditEvent() {
    // Given a new service id
    String id = "svc-" + UUID.randomUUID().toString().substring(0, 8);
    // When admin puts it twice
    assertThat(call("PUT", "/api/v1/directory/" + id, admin, SERVICE).status()).isEqualTo(201);
    assertThat(call("PUT", "/api/v1/directory/" + id, admin, SERVICE).status()).isEqualTo(200);
    // Then the directory topic holds it and the audit topic says who did it
    try (var directory = new TestConsumer<>(Topics.DIRECTORY); var audit = new TestConsumer<>(Topics.AUDIT)) {
      LocalService s = directory.awaitValue(v -> v.serviceId().equals(id));
      assertThat(s.kinds()).hasSize(2);
      AuditEvent a = audit.awaitValue(v -> id.equals(v.resourceId()) && v.action().equals("directory.create"));
      assertThat(a.actor()).isEqualTo("admin");
      assertThat(a.outcome()).isEqualTo("ok");
    }
  }

  @Test
  void aServiceWithBadFieldsIsRefusedWithEachFieldNamed() {
    String bad = SERVICE.replace("\"SUPPORT_GROUP\"", "\"KARAOKE\"").replace("\"en\", \"es\"", "\"english\"")
        .replace("America/Los_Angeles", "Mars/Olympus").replace("+15035550199", "call me");
    var r = call("PUT", "/api/v1/directory/svc-bad", admin, bad);
    assertThat(r.status()).isEqualTo(400);
    List<String> fields = new ArrayList<>();
    r.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
    assertThat(fields).contains("kinds[0]", "languages[0]", "timeZone", "intakeContact.phone");
  }

  @Test
  void importsTheGoodRecordsOfAnHsdsFileAndReportsEachBadField() throws Exception {
    // Given the Open Referral example plus a clean record and two broken ones
    JsonNode example = JsonSerde.MAPPER.readTree(hsds("service_full.json"));
    String goodId = "hsds-" + UUID.randomUUID().toString().substring(0, 8);
    ArrayNode file = JsonSerde.MAPPER.createArrayNode();
    file.add(example);
    ObjectNode clean = file.addObject().put("id", goodId).put("name", "Family carers support group")
        .put("status", "active").put("email", "carers@example.org");
    clean.putArray("languages").addObject().put("code", "en");
    file.addObject().put("name", "No id at all").put("status", "active");
    file.addObject().put("id", "bad-" + goodId).put("name", "Closed forever?").put("status", "maybe")
        .put("email", "not-an-email").put("minimum_age", -4);
    // When admin imports it for region north
    var r = call("POST", "/api/v1/directory/import?region=north&timeZone=Europe/London", admin,
        JsonSerde.MAPPER.writeValueAsString(file));
    // Then two records are imported and two rejected, each with its fields
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode report = r.json();
    assertThat(report.get("received").asInt()).isEqualTo(4);
    assertThat(report.get("imported").asInt()).isEqualTo(2);
    assertThat(report.get("rejected").asInt()).isEqualTo(2);
    JsonNode records = report.get("records");
    assertThat(records.get(0).get("outcome").asText()).isEqualTo("imported");
    assertThat(fields(records.get(0).get("warnings"))).contains("phones[0].number",
        "service_at_locations[0].location.latitude", "service_areas[0].extent");
    assertThat(records.get(1).get("outcome").asText()).isEqualTo("imported");
    assertThat(fields(records.get(2).get("errors"))).contains("id", "kinds", "languages", "intakeContact");
    assertThat(fields(records.get(3).get("errors"))).contains("status");
    assertThat(fields(records.get(3).get("warnings"))).contains("email", "minimum_age");
    // And the directory topic holds the good ones
    try (var directory = new TestConsumer<>(Topics.DIRECTORY)) {
      assertThat(directory.awaitValue(v -> v.serviceId().equals(goodId)).kinds()).isNotEmpty();
      assertThat(directory.awaitValue(v -> v.serviceId().equals(example.get("id").asText())).languages())
          .containsExactly("ur");
    }
  }

  @Test
  void anImportThatIsNotHsdsAtAllIsA400() {
    assertThat(call("POST", "/api/v1/directory/import?region=north", admin, "{\"hello\":1}").status()).isEqualTo(400);
    assertThat(call("POST", "/api/v1/directory/import?region=North!", admin, "[]").status()).isEqualTo(400);
  }

  static List<String> fields(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(e -> out.add(e.get("field").asText()));
    return out;
  }

  static byte[] hsds(String name) throws Exception {
    try (InputStream in = IntakeDirectoryTest.class.getResourceAsStream("/hsds/" + name)) {
      if (in == null) {
        throw new AssertionError("no test resource hsds/" + name);
      }
      return in.readAllBytes();
    }
  }
}

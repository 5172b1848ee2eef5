package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crisisline.intake.component.IntakeFixture.call;
import static org.crisisline.intake.component.IntakeFixture.login;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Staff search the directory the admin wrote (answered from intake's own view of the directory
 * topic), and log a referral naming the service they chose: the logged request carries it, and a
 * service intake does not know is refused by field.
 */
@ExtendWith(RealKafka.class)
class IntakeDirectorySearchTest {
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String REGION = "search-" + RUN;
  private static String staff;

  @BeforeAll
  static void start() {
    IntakeFixture.app();
    String admin = login("admin");
    staff = login("staff");
    put(admin, "open-es-" + RUN, "Circle " + RUN + " en español", "[\"es\", \"en\"]", "00:00", "00:00", 4);
    put(admin, "open-full-" + RUN, "Circle " + RUN + " full", "[\"en\"]", "00:00", "00:00", 0);
  }

  private static void put(String admin, String id, String name, String languages, String opens, String closes, int places) {
    String body = IntakeDirectoryTest.SERVICE.replace("Veterans peer circle", name)
        .replace("\"regions\": [\"north\"]", "\"regions\": [\"" + REGION + "\"]")
        .replace("[\"en\", \"es\"]", languages)
        .replace("{\"day\": \"MONDAY\", \"opens\": \"09:00\", \"closes\": \"17:00\"}", days(opens, closes))
        .replace("\"available\": 3", "\"available\": " + places);
    assertThat(call("PUT", "/api/v1/directory/" + id, admin, body).status()).isIn(200, 201);
  }

  private static String days(String opens, String closes) {
    List<String> out = new ArrayList<>();
    for (String d : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
      out.add("{\"day\": \"" + d + "\", \"opens\": \"" + opens + "\", \"closes\": \"" + closes + "\"}");
    }
    return String.join(", ", out);
  }

  @Test
  void staffFindTheServicesOfARegionBestFirstWithWhy() {
    var r = call("GET", "/api/v1/directory/search?kind=SUPPORT_GROUP&region=" + REGION + "&language=es&hasCapacity=true"
        + "&q=" + RUN, staff, null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("exact").asInt()).isEqualTo(1);
    var results = r.json().get("results");
    assertThat(results).hasSize(2);
    assertThat(results.get(0).get("serviceId").asText()).isEqualTo("open-es-" + RUN);
    assertThat(results.get(0).get("openNow").asBoolean()).isTrue();
    assertThat(results.get(0).get("intakeContact").get("email").asText()).isEqualTo("intake@example.org");
    assertThat(results.get(0).get("why").get("text").asText()).contains("speaks es", "4 places free");
    assertThat(results.get(1).get("why").get("relaxed").toString()).isEqualTo("[\"language\",\"hasCapacity\"]");
  }

  @Test
  void aBadParameterIsA400NamingIt() {
    var r = call("GET", "/api/v1/directory/search?kind=KARAOKE&limit=1000", staff, null);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.json().get("errors").toString()).contains("\"kind\"", "\"limit\"");
  }

  @Test
  void aReferralNamingAServiceIsLoggedWithIt() {
    String serviceId = "open-es-" + RUN;
    String body = """
        {"channel": "PHONE", "urgency": "LOW", "need": "REFERRAL", "referralKind": "SUPPORT_GROUP", "language": "es",
         "region": "%s", "serviceId": "%s"}""".formatted(REGION, serviceId);
    var r = call("POST", "/api/v1/requests", staff, body, "Idempotency-Key", UUID.randomUUID().toString());
    assertThat(r.status()).isEqualTo(202);
    String requestId = r.json().get("requestId").asText();
    try (var requests = new TestConsumer<>(Topics.HELP_REQUESTS)) {
      var logged = requests.awaitValue(v -> v instanceof HelpRequestLogged l && l.requestId().equals(requestId));
      assertThat(((HelpRequestLogged) logged).serviceId()).isEqualTo(serviceId);
    }
    var unknown = call("POST", "/api/v1/requests", staff, body.replace(serviceId, "no-such-" + RUN),
        "Idempotency-Key", UUID.randomUUID().toString());
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().get("errors").toString()).contains("serviceId", "no such service");
  }
}

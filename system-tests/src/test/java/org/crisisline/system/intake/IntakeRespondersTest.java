package org.crisisline.system.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crisisline.system.intake.IntakeFixture.call;
import static org.crisisline.system.intake.IntakeFixture.login;

import org.crisisline.system.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Responder admin: profiles, statuses in the list, reserved ids, and inactive responders locked out. */
@ExtendWith(RealKafka.class)
class IntakeRespondersTest {
  private static String admin;

  @BeforeAll
  static void start() {
    IntakeFixture.app();
    admin = login("admin");
  }

  @Test
  void aStatusSetByTheResponderShowsInTheSupervisorsList() {
    String id = IntakeFixture.newResponderId();
    String responder = IntakeFixture.responder(admin, id);
    assertThat(call("PUT", "/api/v1/responders/" + id + "/status", responder, "{\"status\":\"BUSY\",\"reason\":\"on a call\"}")
        .status()).isEqualTo(200);
    var list = call("GET", "/api/v1/responders", login("supervisor"), null).json();
    var me = java.util.stream.StreamSupport.stream(list.spliterator(), false)
        .filter(r -> r.get("responderId").asText().equals(id)).findFirst().orElseThrow();
    assertThat(me.get("status").asText()).isEqualTo("BUSY");
    assertThat(me.get("statusReason").asText()).isEqualTo("on a call");
    assertThat(me.has("contact")).isFalse();
  }

  @Test
  void staffAccountNamesCannotBeResponderIds() {
    var r = call("PUT", "/api/v1/responders/admin", admin, IntakeFixture.responderBody("north"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("id");
  }

  @Test
  void anInactiveResponderCannotLogIn() {
    String id = IntakeFixture.newResponderId();
    IntakeFixture.responder(admin, id);
    assertThat(call("PUT", "/api/v1/responders/" + id, admin, IntakeFixture.responderBody("north")
        .replace("\"active\": true", "\"active\": false")).status()).isEqualTo(200);
    var r = call("POST", "/api/v1/session", null,
        "{\"username\":\"" + id + "\",\"password\":\"" + IntakeFixture.PASSWORD + "\"}");
    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void aProfileNeedsTheContactItsChannelsUse() {
    String body = IntakeFixture.responderBody("north").replace("\"phone\": \"+15035550111\", ", "");
    var r = call("PUT", "/api/v1/responders/" + IntakeFixture.newResponderId(), admin, body);
    assertThat(r.status()).isEqualTo(400);
    assertThat(IntakeDirectoryTest.fields(r.json().get("errors"))).contains("contact.phone");
  }
}

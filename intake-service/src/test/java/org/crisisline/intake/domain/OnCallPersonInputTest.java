package org.crisisline.intake.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.OnCallPerson;
import org.junit.jupiter.api.Test;

class OnCallPersonInputTest {
  private static final Instant NOW = Instant.parse("2026-11-27T18:00:00Z");

  private static OnCallPerson read(String body) {
    return OnCallPersonInput.person("sup-dana", body.getBytes(StandardCharsets.UTF_8), "e1", NOW);
  }

  private static List<String> fieldsAtFault(String body) {
    try {
      read(body);
      return List.of();
    } catch (InvalidInput e) {
      return e.errors().stream().map(FieldError::field).toList();
    }
  }

  @Test
  void readsNameContactAndChannelsInOrder() {
    OnCallPerson p = read("""
        {"name": "Dana Whitfield", "phone": "+15035550131", "email": "dana@supervisors.example.org",
         "channels": ["EMAIL", "SMS"]}""");
    assertThat(p.userId()).isEqualTo("sup-dana");
    assertThat(p.name()).isEqualTo("Dana Whitfield");
    assertThat(p.contact().phone()).isEqualTo("+15035550131");
    assertThat(p.contact().email()).isEqualTo("dana@supervisors.example.org");
    assertThat(p.channels()).containsExactly(DeliveryChannel.EMAIL, DeliveryChannel.SMS);
  }

  @Test
  void oneContactIsEnoughAndChannelsMayBeLeftToTheNotifier() {
    OnCallPerson p = read("{\"name\": \"Ravi\", \"email\": \"ravi@supervisors.example.org\"}");
    assertThat(p.contact().phone()).isNull();
    assertThat(p.channels()).isEmpty();
  }

  @Test
  void aPersonNoPageCanReachIsRefusedNamingTheField() {
    assertThat(fieldsAtFault("{\"name\": \"Nobody\"}")).containsExactly("phone");
    assertThat(fieldsAtFault("{\"name\": \"Nobody\", \"phone\": null, \"email\": null}")).containsExactly("phone");
  }

  @Test
  void eachBadFieldIsNamed() {
    assertThat(fieldsAtFault("""
        {"name": "<b>x</b>", "phone": "+1555", "email": "not-an-email", "channels": ["PIGEON"], "age": 3}"""))
        .contains("name", "phone", "email", "channels[0]", "age");
    // 555-01xx numbers of a real area code are valid; a number with no such area code is not
    assertThat(fieldsAtFault("{\"name\": \"X\", \"phone\": \"+10005550131\"}")).containsExactly("phone");
  }

  @Test
  void aChannelNeedsItsContact() {
    assertThat(fieldsAtFault("{\"name\": \"X\", \"email\": \"x@example.org\", \"channels\": [\"SMS\"]}"))
        .containsExactly("phone");
    assertThat(fieldsAtFault("{\"name\": \"X\", \"phone\": \"+15035550131\", \"channels\": [\"EMAIL\"]}"))
        .containsExactly("email");
  }

  @Test
  void theBodyMayNotNameAnotherPerson() {
    assertThat(fieldsAtFault("{\"userId\": \"sup-ravi\", \"name\": \"X\", \"email\": \"x@example.org\"}"))
        .containsExactly("userId");
  }
}

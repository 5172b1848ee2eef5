package org.crisisline.intake.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crisisline.events.LocalService;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.ServiceStatus;
import org.junit.jupiter.api.Test;

/** A REFERRAL may name the directory service staff chose; anything else naming one is refused by field. */
class RequestServiceIdTest {
  private static final LocalService GROUP = new LocalService("e", null, "north-circle", "Org", "Circle", null,
      List.of(ReferralKind.SUPPORT_GROUP), ServiceStatus.ACTIVE, null, List.of("en"), null, List.of(), "UTC", null,
      null, null, null, null);
  private final RequestValidator validator = new RequestValidator(Set.of("north")::contains,
      Map.of("north-circle", GROUP)::get);

  private static byte[] referral(String kind, String serviceId) {
    return ("{\"channel\":\"PHONE\",\"urgency\":\"LOW\",\"need\":\"REFERRAL\",\"referralKind\":\"" + kind
        + "\",\"language\":\"en\",\"region\":\"north\",\"serviceId\":" + serviceId + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private String faultOf(byte[] body) {
    try {
      validator.validate(body);
      return null;
    } catch (InvalidInput e) {
      assertThat(e.errors()).hasSize(1);
      return e.errors().get(0).field() + ": " + e.errors().get(0).message();
    }
  }

  @Test
  void aReferralNamingAKnownServiceOfItsKindCarriesIt() {
    assertThat(validator.validate(referral("SUPPORT_GROUP", "\"north-circle\"")).serviceId()).isEqualTo("north-circle");
    assertThat(validator.validate(referral("SUPPORT_GROUP", "null")).serviceId()).isNull();
  }

  @Test
  void anUnknownServiceAServiceOfAnotherKindOrABadIdIsNamed() {
    assertThat(faultOf(referral("SUPPORT_GROUP", "\"no-such-service\""))).isEqualTo(
        "serviceId: no such service in the directory");
    assertThat(faultOf(referral("FAITH_BASED", "\"north-circle\""))).isEqualTo(
        "serviceId: the service does not offer FAITH_BASED");
    assertThat(faultOf(referral("SUPPORT_GROUP", "\"../etc\""))).startsWith("serviceId: ");
    assertThat(faultOf(referral("SUPPORT_GROUP", "42"))).startsWith("serviceId: ");
  }

  @Test
  void onlyAReferralMayNameAService() {
    byte[] counselling = ("{\"channel\":\"PHONE\",\"urgency\":\"LOW\",\"need\":\"CRISIS_COUNSELLING\","
        + "\"language\":\"en\",\"region\":\"north\",\"serviceId\":\"north-circle\"}").getBytes(StandardCharsets.UTF_8);
    assertThat(faultOf(counselling)).isEqualTo("serviceId: only allowed when need is REFERRAL");
  }

  @Test
  void aValidatorWithoutTheDirectoryRefusesEveryServiceId() {
    RequestValidator blind = new RequestValidator(Set.of("north")::contains);
    assertThatThrownBy(() -> blind.validate(referral("SUPPORT_GROUP", "\"north-circle\"")))
        .isInstanceOf(InvalidInput.class);
  }
}

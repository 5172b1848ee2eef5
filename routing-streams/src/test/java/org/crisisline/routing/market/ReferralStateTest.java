package org.crisisline.routing.market;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.Channel;
import org.crisisline.events.Contact;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.JsonSerde;
import org.crisisline.events.LocalService;
import org.crisisline.events.Need;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.ServiceStatus;
import org.crisisline.events.Urgency;
import org.crisisline.routing.streams.JsonStateSerde;
import org.junit.jupiter.api.Test;

/** Referral and handoff state through the store serde, and state written when REFERRED was terminal. */
class ReferralStateTest {
  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  final JsonStateSerde<RequestState> serde = new JsonStateSerde<>(RequestState.class);

  @Test
  void aHandedOnRequestKeepsItsParentAndAReferralItsServicesTriedThroughTheStore() {
    RoutingEngine engine = new RoutingEngine(RoutingPolicy.defaults());
    engine.onService("north", service("svc-a"), false, T0);
    engine.onRequestLogged(request("req-2", Need.REFERRAL, "req-1"), T0);
    RequestState s = engine.queries().requests("north").iterator().next();
    RequestState restored = serde.deserialize("t", serde.serialize("t", s)).migrate();
    assertThat(restored.parentRequestId()).isEqualTo("req-1");
    assertThat(restored.servicesTried()).containsExactly("svc-a");
    assertThat(restored.referralOfferId).isEqualTo(s.referralOfferId).isNotNull();
    assertThat(restored.purgeable()).isFalse();
  }

  @Test
  void aReferralStoredWhenReferredWasTerminalIsPurgedByItsOldTimer() throws Exception {
    // Given REFERRED state written before referrals waited for an answer: no referral offer, no new fields
    RoutingEngine engine = new RoutingEngine(RoutingPolicy.defaults());
    engine.onService("north", service("svc-a"), false, T0);
    engine.onRequestLogged(request("req-1", Need.REFERRAL, null), T0);
    ObjectNode json = (ObjectNode) JsonSerde.MAPPER.readTree(serde.serialize("t",
        engine.queries().requests("north").iterator().next()));
    json.remove(List.of("referralOfferId", "referralAnswerBy", "servicesTried", "referralOutcomes",
        "namedServiceJudged", "handedBackAt"));
    RoutingEngine upgraded = new RoutingEngine(RoutingPolicy.defaults());
    upgraded.restore(serde.deserialize("t", JsonSerde.MAPPER.writeValueAsBytes(json)));
    // When the PURGE timer it was given then fires
    Outcome purged = upgraded.onTimer(new Timer(T0.plus(Duration.ofHours(1)).toEpochMilli(), Timer.Kind.PURGE,
        "north", "req-1", "terminal"), T0.plus(Duration.ofHours(1)));
    // Then it goes (nothing is left to wait for), rather than staying REFERRED for ever
    assertThat(purged.removedRequestKeys()).containsExactly("north/req-1");
    assertThat(upgraded.queries().requests("north")).isEmpty();
  }

  static HelpRequestLogged request(String id, Need need, String parent) {
    return new HelpRequestLogged(Ids.newId(), T0, id, Channel.PHONE, Urgency.LOW, need,
        need == Need.REFERRAL ? ReferralKind.SUPPORT_GROUP : null, "en", "north", "97201", AgeGroup.ADULT, List.of(),
        null, null, false, "staff", null, null, null, parent);
  }

  static LocalService service(String id) {
    return new LocalService(Ids.newId(), T0, id, "Org", "Group " + id, "group", List.of(ReferralKind.SUPPORT_GROUP),
        ServiceStatus.ACTIVE, new LocalService.ServiceArea(List.of("north"), List.of()), List.of("en"), null,
        Arrays.stream(DayOfWeek.values()).map(d -> new LocalService.OpeningHours(d, LocalTime.MIDNIGHT,
            LocalTime.MIDNIGHT)).toList(), "UTC", new LocalService.Capacity(3, 10, T0),
        new Contact(null, id + "@example.org"), null, null, null);
  }
}

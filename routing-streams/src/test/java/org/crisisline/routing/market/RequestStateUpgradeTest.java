package org.crisisline.routing.market;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.Channel;
import org.crisisline.events.Contact;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.JsonSerde;
import org.crisisline.events.Need;
import org.crisisline.events.OfferAccepted;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.ResponderStatusChanged;
import org.crisisline.events.Urgency;
import org.crisisline.routing.streams.JsonStateSerde;
import org.junit.jupiter.api.Test;

/** Request state stored before parallel offers (one offerId/offerTo) is still understood after an upgrade. */
class RequestStateUpgradeTest {
  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  @Test
  void anOfferStoredBeforeParallelOffersCanStillBeAcceptedAfterTheUpgrade() throws Exception {
    // Given a request offered to r-ana, its state written in the old form (offerId, offerTo, offerExpiresAt)
    RoutingEngine engine = new RoutingEngine(RoutingPolicy.defaults());
    ResponderProfile ana = new ResponderProfile(Ids.newId(), T0, "r-ana", "Ana", ResponderKind.HOTLINE_COUNSELLOR,
        "north", List.of("en"), List.of(), 1, new Contact(null, "ana@example.org"), List.of(DeliveryChannel.EMAIL),
        true);
    ResponderState anaState = only(engine.onResponder(new ResponderView("r-ana", "north", ana,
        new ResponderStatusChanged(Ids.newId(), T0, "r-ana", ResponderStatus.AVAILABLE, "shift", "r-ana"), false),
        T0).changedResponders());
    Outcome logged = engine.onRequestLogged(new HelpRequestLogged(Ids.newId(), T0, "req-1", Channel.PHONE,
        Urgency.HIGH, Need.CRISIS_COUNSELLING, null, "en", "north", "97201", AgeGroup.ADULT, List.of(), null, null,
        false, "staff"), T0);
    OfferMade offer = (OfferMade) logged.offers().get(0);
    JsonStateSerde<RequestState> serde = new JsonStateSerde<>(RequestState.class);
    ObjectNode json = (ObjectNode) JsonSerde.MAPPER.readTree(serde.serialize("t", only(logged.changedRequests())));
    json.remove("offers");
    json.put("offerId", offer.offerId()).put("offerTo", "r-ana").put("offerExpiresAt",
        offer.expiresAt().toEpochMilli());
    // When a fresh engine restores it from the store
    JsonStateSerde<ResponderState> responders = new JsonStateSerde<>(ResponderState.class);
    RoutingEngine upgraded = new RoutingEngine(RoutingPolicy.defaults());
    upgraded.restore(responders.deserialize("t", responders.serialize("t", anaState)));
    upgraded.restore(serde.deserialize("t", JsonSerde.MAPPER.writeValueAsBytes(json)));
    // Then the outstanding offer is known, and r-ana's accept of it is applied
    Outcome accepted = upgraded.onAnswer("north", new OfferAccepted(Ids.newId(), T0.plusSeconds(5), "req-1",
        offer.offerId(), "r-ana", AnswerVia.API), T0.plusSeconds(5));
    assertThat(accepted.statuses()).singleElement().satisfies(s -> {
      assertThat(s.status()).isEqualTo(RequestStatus.ACCEPTED);
      assertThat(s.isRejectedAnswer()).isFalse();
    });
  }

  private static <T> T only(Iterable<T> items) {
    var it = items.iterator();
    T first = it.next();
    assertThat(it.hasNext()).isFalse();
    return first;
  }
}

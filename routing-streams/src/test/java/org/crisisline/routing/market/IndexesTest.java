package org.crisisline.routing.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.Channel;
import org.crisisline.events.Contact;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Need;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

/** The matching indexes on their own: plain Java, no Kafka. */
class IndexesTest {
  static final long T0 = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
  final RoutingPolicy policy = RoutingPolicy.defaults().with(Map.of("aging.MODERATE", "300", "aging.LOW", "900"));

  @Test
  void amongEquallyIdleRespondersTheOneWithFewestActiveRequestsIsChosen() {
    // Given two responders idle since the same moment, one already holding a request
    Market m = new Market("north", policy);
    ResponderState busy = responder(m, "r-busy", 3, T0);
    busy.active.add("other");
    ResponderState free = responder(m, "r-free", 3, T0);
    m.reindex(busy);
    m.reindex(free);
    // When a request needs a counsellor, then the one with fewer active requests is chosen
    RequestState r = request("req-1", Urgency.HIGH, T0);
    assertThat(m.bestResponderFor(r).responderId()).isEqualTo("r-free");
  }

  @Test
  void waitingOrderAgesLowUrgencyAheadOfLaterHighUrgency() {
    Market m = new Market("north", policy);
    // A LOW request logged 16 minutes before a HIGH one sorts first (aging allowance 15 min);
    // a MODERATE one logged 1 minute before a HIGH one does not (allowance 5 min)
    m.requests.put("low", request("low", Urgency.LOW, T0));
    m.requests.put("moderate", request("moderate", Urgency.MODERATE, T0 + 15 * 60_000));
    m.requests.put("high", request("high", Urgency.HIGH, T0 + 16 * 60_000));
    m.requests.values().forEach(m::refile);
    ResponderState r = responder(m, "r-1", 1, T0);
    assertThat(m.bestRequestFor(r).requestId()).isEqualTo("low");
    m.waiting.remove("low");
    assertThat(m.bestRequestFor(r).requestId()).isEqualTo("high");
  }

  @Test
  void aRequestExcludingTheHeadResponderGoesToTheNextOne() {
    Market m = new Market("north", policy);
    m.reindex(responder(m, "r-old", 1, T0));
    m.reindex(responder(m, "r-new", 1, T0 + 1000));
    RequestState r = request("req-1", Urgency.HIGH, T0);
    r.excluded.add("r-old");
    assertThat(m.bestResponderFor(r).responderId()).isEqualTo("r-new");
  }

  private ResponderState responder(Market m, String id, int capacity, long idleSince) {
    ResponderState r = new ResponderState(id, "north", idleSince);
    r.profile = new ResponderProfile("e", Instant.ofEpochMilli(T0), id, id, ResponderKind.HOTLINE_COUNSELLOR, "north",
        List.of("en"), List.of(), capacity, new Contact(null, null), List.of(DeliveryChannel.EMAIL), true);
    r.status = ResponderStatus.AVAILABLE;
    m.responders.put(id, r);
    return r;
  }

  private RequestState request(String id, Urgency u, long loggedAt) {
    HelpRequestLogged h = new HelpRequestLogged("e-" + id, Instant.ofEpochMilli(loggedAt), id, Channel.PHONE, u,
        Need.CRISIS_COUNSELLING, null, "en", "north", null, AgeGroup.ADULT, List.of(), null, null, false, "staff");
    return new RequestState(h, "north", "HOTLINE_COUNSELLOR", loggedAt);
  }
}

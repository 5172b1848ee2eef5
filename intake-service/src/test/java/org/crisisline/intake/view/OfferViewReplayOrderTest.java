package org.crisisline.intake.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.DeclineReason;
import org.crisisline.events.Need;
import org.crisisline.events.OfferAccepted;
import org.crisisline.events.OfferDeclined;
import org.crisisline.events.OfferMade;
import org.crisisline.events.OfferRescinded;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

/** On a replay the topics are read side by side: what settles an offer may be read before the offer. */
class OfferViewReplayOrderTest {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  private static OfferMade offer(String id) {
    return new OfferMade("e-" + id, NOW, "req-" + id, id, "K" + id, "r-ana", null, 1, NOW.plusSeconds(120),
        Urgency.HIGH, Need.CRISIS_COUNSELLING, null, "en", "north");
  }

  private static RequestStatusChanged ended(String requestId) {
    return new RequestStatusChanged("s-" + requestId, NOW, requestId, RequestStatus.COMPLETED, "completed", null,
        "r-ana", null, "north", Urgency.HIGH, Need.CRISIS_COUNSELLING, StatusKind.TRANSITION, null, "v1");
  }

  @Test
  void anAnswerReadBeforeItsOfferSettlesItWhenItComes() {
    OfferView view = new OfferView();
    view.apply(new OfferAccepted("a", NOW, "req-1", "o1", "r-ana", AnswerVia.API));
    view.apply(new OfferDeclined("d", NOW, "req-2", "o2", "r-ana", DeclineReason.BUSY, null, AnswerVia.LINK));
    view.apply(new OfferRescinded("x", NOW, "req-3", "o3", "r-ana", "timed out"));
    view.apply(offer("o1"));
    view.apply(offer("o2"));
    view.apply(offer("o3"));

    assertThat(view.get("o1").orElseThrow().state()).isEqualTo(OfferState.State.ACCEPTED);
    assertThat(view.get("o2").orElseThrow().state()).isEqualTo(OfferState.State.DECLINED);
    assertThat(view.get("o3").orElseThrow().state()).isEqualTo(OfferState.State.RESCINDED);
    assertThat(view.outstandingFor("r-ana", NOW)).isEmpty();
  }

  @Test
  void anOfferReadAfterItsRequestEndedIsClosedAndAnotherRequestsOfferStaysOpen() {
    OfferView view = new OfferView();
    view.apply(ended("req-o4"));
    view.apply(offer("o4"));
    view.apply(offer("o5"));

    assertThat(view.get("o4").orElseThrow().state()).isEqualTo(OfferState.State.CLOSED);
    assertThat(view.outstandingFor("r-ana", NOW)).extracting(s -> s.offer().offerId()).containsExactly("o5");
  }

  @Test
  void whatWaitsForAnOfferLeavesWithTheWindow() {
    OfferView view = new OfferView();
    view.apply(new OfferAccepted("a", NOW, "req-6", "o6", "r-ana", AnswerVia.API));
    view.apply(ended("req-o7"));
    view.sweep(NOW.plus(Duration.ofMinutes(1)));
    view.apply(offer("o6"));
    view.apply(offer("o7"));

    // Swept: these offers now read as open (they are past the window a real replay would keep)
    assertThat(view.get("o6").orElseThrow().state()).isEqualTo(OfferState.State.OUTSTANDING);
    assertThat(view.get("o7").orElseThrow().state()).isEqualTo(OfferState.State.OUTSTANDING);
  }
}

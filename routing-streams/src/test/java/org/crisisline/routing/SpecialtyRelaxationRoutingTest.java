package org.crisisline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.crisisline.events.Need;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

/** How long a specialty preference is honoured (the rule: {@link org.crisisline.routing.rules.SpecialtyRelaxation}). */
class SpecialtyRelaxationRoutingTest {

  @Test
  void specialtyIsPreferredThenRelaxedAfterTheConfiguredWait() {
    try (RoutingDriver d = new RoutingDriver()) {
      // Given a generalist idle for longer than a veterans specialist
      d.counsellor("r-general");
      d.advance(Duration.ofSeconds(5));
      d.responder("r-vet", ResponderKind.HOTLINE_COUNSELLOR, "north", List.of("en"), List.of("VETERANS"), 1);
      d.status("r-vet", ResponderStatus.AVAILABLE);
      // When a veteran's request arrives, then the specialist gets it
      d.request("vet-1", Urgency.MODERATE, Need.CRISIS_COUNSELLING, "en", "north", "VETERANS");
      assertThat(d.lastOffer("vet-1").responderId()).isEqualTo("r-vet");
      d.accept(d.lastOffer("vet-1"));
      // When a second veteran's request arrives, the specialist being full, it waits for a specialist
      d.request("vet-2", Urgency.MODERATE, Need.CRISIS_COUNSELLING, "en", "north", "VETERANS");
      assertThat(d.offersFor("vet-2")).isEmpty();
      // Then after the relax wait (120 s) the generalist is offered it, with the reason recorded
      d.advance(Duration.ofSeconds(121));
      assertThat(d.lastOffer("vet-2").responderId()).isEqualTo("r-general");
      assertThat(d.statuses("vet-2")).extracting(RequestStatusChanged::reason)
          .anyMatch(r -> r.contains("specialty preference relaxed"));
    }
  }
}

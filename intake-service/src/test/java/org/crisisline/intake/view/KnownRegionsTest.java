package org.crisisline.intake.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.crisisline.events.LocalService;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderProfile;
import org.junit.jupiter.api.Test;

/** The views answer "is this region known?" from counts kept as responders and services change. */
class KnownRegionsTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  @Test
  void aRegionIsKnownWhileAResponderIsInItAndFollowsThemWhenTheyMove() {
    ResponderView view = new ResponderView();
    view.apply("r-1", responder("r-1", "north", T0));
    view.apply("r-2", responder("r-2", "north", T0));
    assertThat(view.hasRegion("north")).isTrue();
    assertThat(view.hasRegion("south")).isFalse();

    view.apply("r-1", responder("r-1", "south", T0.plusSeconds(1)));
    assertThat(view.hasRegion("north")).as("r-2 is still there").isTrue();
    assertThat(view.hasRegion("south")).isTrue();

    view.apply("r-2", null);
    assertThat(view.hasRegion("north")).as("nobody left in north").isFalse();
  }

  @Test
  void anOlderProfileArrivingLateDoesNotMoveTheRegion() {
    ResponderView view = new ResponderView();
    view.apply("r-1", responder("r-1", "south", T0.plusSeconds(5)));
    view.apply("r-1", responder("r-1", "north", T0));
    assertThat(view.hasRegion("south")).isTrue();
    assertThat(view.hasRegion("north")).isFalse();
  }

  @Test
  void aServiceMakesEachOfItsRegionsKnownUntilItIsRemovedOrRedrawn() {
    DirectoryView view = new DirectoryView();
    view.apply("s-1", service("s-1", List.of("east", "west")));
    view.apply("s-2", service("s-2", List.of("east")));
    assertThat(view.hasRegion("west")).isTrue();

    view.apply("s-1", service("s-1", List.of("east")));
    assertThat(view.hasRegion("west")).isFalse();
    assertThat(view.hasRegion("east")).isTrue();

    view.apply("s-1", null);
    view.apply("s-2", null);
    assertThat(view.hasRegion("east")).isFalse();
  }

  private static ResponderProfile responder(String id, String region, Instant at) {
    return new ResponderProfile("e-" + id + at, at, id, "Responder " + id, ResponderKind.HOTLINE_COUNSELLOR, region,
        List.of("en"), List.of(), 2, null, List.of(), true);
  }

  private static LocalService service(String id, List<String> regions) {
    return new LocalService("e-" + id, T0, id, "Org", "Group " + id, null, List.of(), null,
        new LocalService.ServiceArea(regions, List.of()), List.of("en"), null, List.of(), null, null, null, null,
        null, null);
  }
}

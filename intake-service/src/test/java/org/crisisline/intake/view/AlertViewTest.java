package org.crisisline.intake.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.crisisline.events.AlertAcknowledged;
import org.crisisline.events.AlertPaged;
import org.crisisline.events.AlertRaised;
import org.crisisline.events.AlertReason;
import org.crisisline.events.AlertResolved;
import org.crisisline.events.AlertStepStarted;
import org.crisisline.events.AlertVia;
import org.crisisline.events.DeliveryAttempted;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.DeliveryDelivered;
import org.crisisline.events.DeliveryFailed;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

class AlertViewTest {
  private static final Instant T0 = Instant.parse("2026-11-27T03:00:00Z");
  private final AlertView view = new AlertView(Duration.ofHours(24));

  private static AlertRaised raised(String alertId, Instant at) {
    return new AlertRaised("e-" + alertId, at, alertId, "C" + alertId, "req-" + alertId, "north",
        Urgency.IMMINENT_RISK, AlertReason.NO_COUNSELLOR_AVAILABLE, at.minusSeconds(5));
  }

  private static AlertPaged paged(String alertId, String pageId, String userId, int step, int attempt, Instant at) {
    return new AlertPaged("e-" + pageId, at, alertId, pageId, "C" + alertId, "req-" + alertId, "north",
        Urgency.IMMINENT_RISK, AlertReason.NO_COUNSELLOR_AVAILABLE, userId, "supervisors", step, attempt,
        at.minusSeconds(5));
  }

  private static AlertResolved resolved(String alertId, Instant at) {
    return new AlertResolved("r-" + alertId, at, alertId, "C" + alertId, "req-" + alertId, RequestStatus.ACCEPTED,
        List.of());
  }

  @Test
  void anAlertFollowsItsStepsPagesAndAcknowledgement() {
    view.apply(raised("a1", T0));
    view.apply(new AlertStepStarted("s1", T0, "a1", "req-a1", 1, 1, "supervisors", List.of("dana")));
    view.apply(paged("a1", "p1", "dana", 1, 1, T0));
    view.apply(new AlertStepStarted("s2", T0.plusSeconds(120), "a1", "req-a1", 2, 1, "backup", List.of("ravi")));
    view.apply(paged("a1", "p2", "ravi", 2, 1, T0.plusSeconds(120)));
    AlertRecord open = view.get("a1").orElseThrow();
    assertThat(open.state()).isEqualTo(AlertRecord.State.OPEN);
    assertThat(open.step()).isEqualTo(2);
    assertThat(open.pages()).extracting(AlertRecord.Page::userId).containsExactly("dana", "ravi");

    view.apply(new AlertAcknowledged("k1", T0.plusSeconds(130), "a1", "req-a1", "ravi", AlertVia.SMS));
    AlertRecord acked = view.get("a1").orElseThrow();
    assertThat(acked.state()).isEqualTo(AlertRecord.State.ACKNOWLEDGED);
    assertThat(acked.acknowledgedBy()).isEqualTo("ravi");
    assertThat(acked.acknowledgedVia()).isEqualTo(AlertVia.SMS);
    assertThat(acked.acknowledgedAt()).isEqualTo(T0.plusSeconds(130));
    // A second acknowledgement (a replayed record) changes nothing
    view.apply(new AlertAcknowledged("k2", T0.plusSeconds(140), "a1", "req-a1", "dana", AlertVia.LINK));
    assertThat(view.get("a1").orElseThrow().acknowledgedBy()).isEqualTo("ravi");
  }

  @Test
  void aPageIsAddedOnceAndDeliveriesSayHowEachChannelWent() {
    view.apply(raised("a1", T0));
    view.apply(paged("a1", "p1", "dana", 1, 1, T0));
    view.apply(paged("a1", "p1", "dana", 1, 1, T0));
    view.apply(new DeliveryAttempted("d1", T0.plusSeconds(1), "p1", "req-a1", "dana", DeliveryChannel.SMS, 1));
    view.apply(new DeliveryFailed("d2", T0.plusSeconds(2), "p1", "req-a1", "dana", DeliveryChannel.EMAIL, "bounced",
        true, false));
    view.apply(new DeliveryDelivered("d3", T0.plusSeconds(3), "p1", "req-a1", "dana", DeliveryChannel.SMS, "m", "sent"));
    // A late "attempted" does not hide the result
    view.apply(new DeliveryAttempted("d4", T0.plusSeconds(4), "p1", "req-a1", "dana", DeliveryChannel.SMS, 2));
    AlertRecord a = view.get("a1").orElseThrow();
    assertThat(a.pages()).hasSize(1);
    assertThat(a.pages().get(0).deliveries()).containsExactly(
        new AlertRecord.Delivery(DeliveryChannel.SMS, AlertRecord.Outcome.DELIVERED, T0.plusSeconds(3)),
        new AlertRecord.Delivery(DeliveryChannel.EMAIL, AlertRecord.Outcome.FAILED, T0.plusSeconds(2)));
  }

  @Test
  void deliveriesReadBeforeTheirPageAreKeptForIt() {
    // While rebuilding, deliveries may be read before the alerts topic catches up
    view.apply(new DeliveryDelivered("d1", T0.plusSeconds(3), "p1", "req-a1", "dana", DeliveryChannel.SMS, "m", "sent"));
    view.apply(raised("a1", T0));
    view.apply(paged("a1", "p1", "dana", 1, 1, T0));
    assertThat(view.get("a1").orElseThrow().pages().get(0).deliveries())
        .extracting(AlertRecord.Delivery::outcome).containsExactly(AlertRecord.Outcome.DELIVERED);
    assertThat(view.byPage("p1")).map(AlertRecord::alertId).contains("a1");
  }

  @Test
  void openAlertsComeFirstThenTheNewest() {
    view.apply(raised("old-open", T0));
    view.apply(raised("new-resolved", T0.plusSeconds(60)));
    view.apply(resolved("new-resolved", T0.plusSeconds(90)));
    view.apply(raised("new-open", T0.plusSeconds(30)));
    assertThat(view.list(false)).extracting(AlertRecord::alertId).containsExactly("new-open", "old-open", "new-resolved");
    assertThat(view.list(true)).extracting(AlertRecord::alertId).containsExactly("new-open", "old-open");
  }

  @Test
  void resolvedAlertsAreForgottenAfterTheRetentionOpenOnesNever() {
    view.apply(raised("a1", T0));
    view.apply(paged("a1", "p1", "dana", 1, 1, T0));
    view.apply(resolved("a1", T0.plusSeconds(60)));
    view.apply(raised("a2", T0));
    assertThat(view.sweep(T0.plusSeconds(60).plus(Duration.ofHours(23)))).isZero();
    assertThat(view.sweep(T0.plusSeconds(61).plus(Duration.ofHours(24)))).isEqualTo(1);
    assertThat(view.get("a1")).isEmpty();
    assertThat(view.byPage("p1")).isEmpty();
    assertThat(view.get("a2")).isPresent();
  }

  @Test
  void beyondItsCapacityTheViewDropsTheLongestSettledAlertsNotOpenOnes() {
    for (int i = 0; i < AlertView.CAPACITY; i++) {
      view.apply(raised("r" + i, T0.plusSeconds(i)));
      view.apply(resolved("r" + i, T0.plusSeconds(i)));
    }
    view.apply(raised("open", T0.plusSeconds(AlertView.CAPACITY)));
    assertThat(view.get("open")).isPresent();
    assertThat(view.get("r0")).isEmpty();
    assertThat(view.get("r1")).isPresent();
  }

  @Test
  void anAcknowledgementIsClaimedOnceWhileRoutingAnswersAndOnlyForAnOpenAlert() {
    view.apply(raised("a1", T0));
    assertThat(view.claimAck("nope", T0)).isEqualTo(AlertView.Claim.UNKNOWN);
    assertThat(view.claimAck("a1", T0)).isEqualTo(AlertView.Claim.CLAIMED);
    assertThat(view.claimAck("a1", T0.plusSeconds(1))).isEqualTo(AlertView.Claim.ALREADY_REQUESTED);
    // A claim whose write failed is released
    view.releaseAck("a1", T0);
    assertThat(view.claimAck("a1", T0.plusSeconds(2))).isEqualTo(AlertView.Claim.CLAIMED);
    // Routing never answered: after a while, someone may try again
    assertThat(view.claimAck("a1", T0.plusSeconds(2).plus(AlertView.ACK_PENDING))).isEqualTo(AlertView.Claim.CLAIMED);
    view.apply(resolved("a1", T0.plusSeconds(100)));
    assertThat(view.claimAck("a1", T0.plusSeconds(200))).isEqualTo(AlertView.Claim.NOT_OPEN);
  }

  @Test
  void listenersHearEveryChange() {
    List<AlertRecord.State> heard = new ArrayList<>();
    view.onChange(a -> heard.add(a.state()));
    view.apply(raised("a1", T0));
    view.apply(new AlertAcknowledged("k1", T0, "a1", "req-a1", "dana", AlertVia.API));
    view.apply(new AlertStepStarted("s9", T0, "unknown", "req-x", 1, 1, "supervisors", List.of()));
    assertThat(heard).containsExactly(AlertRecord.State.OPEN, AlertRecord.State.ACKNOWLEDGED);
  }
}

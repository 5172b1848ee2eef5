package org.crisisline.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.crisisline.events.AlertPaged;
import org.crisisline.events.AlertResolved;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.SampleEvents;
import org.junit.jupiter.api.Test;

class NoticeTest {

  @Test
  void anOfferIsSentUnderItsOfferIdToItsResponderUntilItExpires() {
    OfferMade offer = SampleEvents.offerMade();
    OfferNotice notice = new OfferNotice(offer);
    assertThat(notice.sendId()).isEqualTo(offer.offerId());
    assertThat(notice.recipientId()).isEqualTo(offer.responderId());
    assertThat(notice.requestId()).isEqualTo(offer.requestId());
    assertThat(notice.deadline(Instant.now())).isEqualTo(offer.expiresAt());
  }

  @Test
  void aPageIsSentUnderItsPageIdToThePersonWithinItsWindowAndItsLinkLastsADay() {
    AlertPaged page = SampleEvents.alertPaged();
    PageNotice notice = new PageNotice(page);
    assertThat(notice.sendId()).isEqualTo(page.pageId());
    assertThat(notice.recipientId()).isEqualTo("sup-a");
    assertThat(notice.requestId()).isEqualTo("req-1");
    assertThat(notice.madeAt()).isEqualTo(page.occurredAt());
    assertThat(notice.deadline(Instant.now())).isEqualTo(page.occurredAt().plus(Duration.ofMinutes(10)));
    assertThat(notice.linkExpiry(Instant.now())).isEqualTo(page.occurredAt().plus(Duration.ofHours(24)));
  }

  @Test
  void theAllClearOfOneAlertToOnePersonAlwaysHasTheSameSendIdAndNoOtherHasIt() {
    AlertResolved resolved = SampleEvents.alertResolved();
    AlertResolved readAgain = new AlertResolved("another-event", resolved.occurredAt().plusSeconds(5), resolved.alertId(),
        resolved.code(), resolved.requestId(), RequestStatus.ACCEPTED, List.of("sup-a", "sup-b"));
    String id = new AllClearNotice(resolved, "sup-a").sendId();
    assertThat(new AllClearNotice(readAgain, "sup-a").sendId()).isEqualTo(id)
        .isEqualTo(AllClearNotice.sendId("al-1", "sup-a"));
    assertThat(new AllClearNotice(readAgain, "sup-b").sendId()).isNotEqualTo(id);
    assertThat(AllClearNotice.sendId("al-2", "sup-a")).isNotEqualTo(id);
    // a UUID, like offer and page ids, so ledger keys and callback URLs look alike
    assertThat(java.util.UUID.fromString(id).toString()).isEqualTo(id);
  }

  @Test
  void anAllClearGoesOutWithinAnHourOfTheResolution() {
    AlertResolved resolved = SampleEvents.alertResolved();
    assertThat(new AllClearNotice(resolved, "sup-a").deadline(Instant.now()))
        .isEqualTo(resolved.occurredAt().plus(Duration.ofHours(1)));
  }

  @Test
  void stopsSeenBeforeAPageIsReadKeepItFromBeingSent() {
    OfferIndex index = new OfferIndex(Duration.ofHours(2));
    PageNotice page = new PageNotice(SampleEvents.alertPaged());
    assertThat(index.isStopped(page)).isFalse();
    index.stop(new StopRules.StopAlert("al-1", "alert acknowledged"), Instant.now());
    assertThat(index.isStopped(page)).isTrue();
    assertThat(index.isStopped(new AllClearNotice(SampleEvents.alertResolved(), "sup-a"))).isFalse();
  }
}

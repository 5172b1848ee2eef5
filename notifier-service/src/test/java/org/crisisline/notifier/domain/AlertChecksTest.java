package org.crisisline.notifier.domain;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.crisisline.events.AlertPaged;
import org.crisisline.events.AlertResolved;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.SampleEvents;
import org.junit.jupiter.api.Test;

class AlertChecksTest {

  @Test
  void aCompletePageAndResolutionPass() {
    assertThatCode(() -> AlertChecks.check(SampleEvents.alertPaged())).doesNotThrowAnyException();
    assertThatCode(() -> AlertChecks.check(SampleEvents.alertResolved())).doesNotThrowAnyException();
  }

  @Test
  void aPageNamingNobodyOrNoPageIdOrNoCodeIsPoisonNamingTheField() {
    AlertPaged p = SampleEvents.alertPaged();
    assertThatThrownBy(() -> AlertChecks.check(new AlertPaged(p.eventId(), p.occurredAt(), p.alertId(), p.pageId(),
        p.code(), p.requestId(), p.region(), p.urgency(), p.reason(), " ", p.scheduleId(), 1, 1, p.waitingSince())))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("AlertPaged lacks userId");
    assertThatThrownBy(() -> AlertChecks.check(new AlertPaged(p.eventId(), p.occurredAt(), p.alertId(), null,
        p.code(), p.requestId(), p.region(), p.urgency(), p.reason(), p.userId(), p.scheduleId(), 1, 1, p.waitingSince())))
        .hasMessage("AlertPaged lacks pageId");
    assertThatThrownBy(() -> AlertChecks.check(new AlertPaged(p.eventId(), p.occurredAt(), p.alertId(), p.pageId(),
        null, p.requestId(), p.region(), p.urgency(), p.reason(), p.userId(), p.scheduleId(), 1, 1, p.waitingSince())))
        .hasMessage("AlertPaged lacks code");
  }

  @Test
  void aResolutionNamingNoAlertIsPoison() {
    assertThatThrownBy(() -> AlertChecks.check(new AlertResolved("e", SampleEvents.AT, null, "4821", "req-1",
        RequestStatus.ACCEPTED, List.of("sup-a")))).hasMessage("AlertResolved lacks alertId");
  }
}

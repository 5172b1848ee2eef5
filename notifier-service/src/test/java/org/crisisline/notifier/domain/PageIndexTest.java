package org.crisisline.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.crisisline.events.AlertPaged;
import org.crisisline.events.AlertReason;
import org.crisisline.events.AlertResolved;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

class PageIndexTest {
  private static final Instant T = Instant.parse("2026-11-27T03:00:00Z");
  private final PageIndex index = new PageIndex(Duration.ofHours(2));

  private static AlertPaged page(String alertId, String code, String requestId, String userId, Instant at) {
    return new AlertPaged("e-" + alertId + userId, at, alertId, "p-" + alertId + userId, code, requestId, "north",
        Urgency.IMMINENT_RISK, AlertReason.NO_COUNSELLOR_AVAILABLE, userId, "supervisors", 1, 1, at.minusSeconds(10));
  }

  @Test
  void aPagedPersonsCodeNamesTheirAlertAndRequest() {
    index.record(page("al-1", "4821", "req-1", "sup-a", T));
    assertThat(index.ackTarget("4821", Set.of("sup-a")))
        .contains(new PageIndex.AckTarget("al-1", "req-1", "sup-a"));
    assertThat(index.ackTarget(" 4821 ", Set.of("sup-a"))).isPresent();
  }

  @Test
  void theRightCodeFromSomeoneWhoWasNotPagedOrAWrongCodeNamesNothing() {
    index.record(page("al-1", "4821", "req-1", "sup-a", T));
    assertThat(index.ackTarget("4821", Set.of("sup-b"))).isEmpty();
    assertThat(index.ackTarget("4822", Set.of("sup-a"))).isEmpty();
    assertThat(index.ackTarget("4821", Set.of())).isEmpty();
  }

  @Test
  void whenACodeCameBackTheAlertThatPagedTheSenderLastWins() {
    index.record(page("al-old", "4821", "req-old", "sup-a", T.minusSeconds(3600)));
    index.record(page("al-new", "4821", "req-new", "sup-a", T));
    index.record(page("al-other", "4821", "req-other", "sup-b", T.plusSeconds(60)));
    assertThat(index.ackTarget("4821", Set.of("sup-a"))).get()
        .extracting(PageIndex.AckTarget::alertId).isEqualTo("al-new");
  }

  @Test
  void oneOfSeveralPeopleSharingAPhoneWhoWasPagedIsTheOneWhoAcknowledges() {
    index.record(page("al-1", "4821", "req-1", "sup-b", T));
    assertThat(index.ackTarget("4821", Set.of("sup-a", "sup-b"))).get()
        .extracting(PageIndex.AckTarget::userId).isEqualTo("sup-b");
  }

  @Test
  void aResolutionNamesThePeopleItListsToo() {
    index.record(new AlertResolved("e", T, "al-1", "4821", "req-1", RequestStatus.ACCEPTED, List.of("sup-c")));
    assertThat(index.ackTarget("4821", Set.of("sup-c"))).isPresent();
  }

  @Test
  void alertsWhoseLastPageIsOlderThanTheWindowAreForgotten() {
    index.record(page("al-1", "4821", "req-1", "sup-a", T));
    index.purge(T.plus(Duration.ofHours(1)));
    assertThat(index.ackTarget("4821", Set.of("sup-a"))).isPresent();
    index.purge(T.plus(Duration.ofHours(3)));
    assertThat(index.ackTarget("4821", Set.of("sup-a"))).isEmpty();
  }
}

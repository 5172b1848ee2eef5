package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;
import static org.crisisline.intake.component.IntakeFixture.callAt;
import static org.crisisline.intake.component.IntakeFixture.login;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.crisisline.events.Channel;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.intake.IntakeApp;
import org.crisisline.kafkalocal.RealKafka;
import org.crisisline.records.RealPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With a recent window shorter than the day so far (here 6 minutes), a request logged and finished
 * earlier today has left intake's memory, yet is still in its author's "mine today": what left
 * memory comes from the records database, merged with what is held, newest first, each once.
 */
@ExtendWith(RealKafka.class)
class IntakeMineTodayTest {
  private static final String STAFF = "staff";
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final Instant EARLIER = NOW.minus(Duration.ofMinutes(20));
  private static final String EARLIER_ID = "mine-" + UUID.randomUUID();
  private static IntakeApp app;
  private static String base;

  @BeforeAll
  static void start() {
    IntakeFixture.app();
    // Given a request the staff member logged 20 minutes ago, finished a minute later
    try (var producer = new TestProducer()) {
      producer.send(Topics.HELP_REQUESTS, EARLIER_ID, new HelpRequestLogged(Ids.newId(), EARLIER, EARLIER_ID,
          Channel.PHONE, Urgency.HIGH, Need.CRISIS_COUNSELLING, null, "en", "north", null, null, List.of(), null, null,
          false, STAFF));
      producer.send(Topics.REQUEST_STATUS, EARLIER_ID, new RequestStatusChanged(Ids.newId(), EARLIER.plusSeconds(60),
          EARLIER_ID, RequestStatus.COMPLETED, "test routing", null, "r-1", null, "north", Urgency.HIGH,
          Need.CRISIS_COUNSELLING, StatusKind.TRANSITION, null, "0123456789ab"));
    }
    // When an intake with a records database and a 6-minute window starts (the replay sweeps it from memory)
    app = IntakeApp.start(IntakeFixture.config().withClientId("intake-mine-" + UUID.randomUUID())
        .withRecentWindow(Duration.ofMinutes(6), Duration.ofMinutes(5)), RealPostgres.newDatabase());
    base = "http://localhost:" + app.port();
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void aRequestThatLeftMemoryEarlierTodayIsStillInMineTodayBesideOneLoggedNow() {
    // (20 minutes ago must still be today, UTC, for this to be "mine today")
    assumeTrue(!EARLIER.isBefore(LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant()));
    String token = login(STAFF);
    // And a request the same person logs now
    var logged = callAt(base, "POST", "/api/v1/requests", token,
        IntakeFixture.request("wants to talk", "+15035550123", "x@example.org"), "Idempotency-Key", UUID.randomUUID().toString());
    assertThat(logged.status()).as(logged.body()).isEqualTo(202);
    String nowId = logged.json().path("requestId").asText();

    // Then "mine today" lists both, the one logged now first, once the projector has stored the earlier one
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      var mine = callAt(base, "GET", "/api/v1/requests?mine=today", token, null);
      assertThat(mine.status()).isEqualTo(200);
      List<String> ids = mine.json().findValuesAsText("requestId");
      assertThat(ids).containsSubsequence(nowId, EARLIER_ID);
      assertThat(ids).containsOnlyOnce(nowId, EARLIER_ID);
    });
    var mine = callAt(base, "GET", "/api/v1/requests?mine=today", token, null);
    var earlier = java.util.stream.StreamSupport.stream(mine.json().spliterator(), false)
        .filter(n -> n.path("requestId").asText().equals(EARLIER_ID)).findFirst().orElseThrow();
    assertThat(earlier.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(Instant.parse(earlier.path("loggedAt").asText())).isEqualTo(EARLIER);
  }
}

package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crisisline.intake.component.IntakeFixture.callAt;
import static org.crisisline.intake.component.IntakeFixture.login;

import java.time.Duration;
import java.time.Instant;
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
 * Intake with a records database keeps only recent requests in memory; a request finished two
 * months ago (replayed from the topics at start, then swept) is still answered by id, from the
 * database, in the same shape, and is not in anyone's "mine today".
 */
@ExtendWith(RealKafka.class)
class IntakeOldRequestsTest {
  private static final String OLD = "old-" + UUID.randomUUID();
  private static final Instant LOGGED = Instant.now().minus(Duration.ofDays(60)).truncatedTo(ChronoUnit.SECONDS);
  private static IntakeApp app;
  private static String base;

  @BeforeAll
  static void start() {
    IntakeFixture.app();
    // Given a request logged by staff 60 days ago, accepted and completed then
    try (var producer = new TestProducer()) {
      producer.send(Topics.HELP_REQUESTS, OLD, new HelpRequestLogged(Ids.newId(), LOGGED, OLD, Channel.CHAT,
          Urgency.MODERATE, Need.PEER_SUPPORT, null, "es", "north", null, null, List.of(), null, null, false, "staff"));
      producer.send(Topics.REQUEST_STATUS, OLD, status(LOGGED.plusSeconds(30), RequestStatus.ACCEPTED));
      producer.send(Topics.REQUEST_STATUS, OLD, status(LOGGED.plusSeconds(600), RequestStatus.COMPLETED));
    }
    // When an intake with a records database starts and replays the topics
    app = IntakeApp.start(IntakeFixture.config().withClientId("intake-old-" + UUID.randomUUID()),
        RealPostgres.newDatabase());
    base = "http://localhost:" + app.port();
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  private static RequestStatusChanged status(Instant at, RequestStatus s) {
    return new RequestStatusChanged(Ids.newId(), at, OLD, s, "test routing", null, "r-old", null, "north",
        Urgency.MODERATE, Need.PEER_SUPPORT, StatusKind.TRANSITION, null, "0123456789ab");
  }

  @Test
  void aRequestFinishedLongBeforeTheRecentWindowIsAnsweredByIdFromTheRecordsDatabase() {
    String staff = login("staff");
    // Then reading it by id answers the request as it ended, timeline included (once the projector has it)
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      var r = callAt(base, "GET", "/api/v1/requests/" + OLD, staff, null);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().path("status").asText()).isEqualTo("COMPLETED");
      assertThat(r.json().path("timeline")).hasSize(2);
    });
    var r = callAt(base, "GET", "/api/v1/requests/" + OLD, staff, null);
    assertThat(r.json().path("requestId").asText()).isEqualTo(OLD);
    assertThat(r.json().path("need").asText()).isEqualTo("PEER_SUPPORT");
    assertThat(r.json().path("language").asText()).isEqualTo("es");
    assertThat(r.json().path("channel").asText()).isEqualTo("CHAT");
    assertThat(Instant.parse(r.json().path("loggedAt").asText())).isEqualTo(LOGGED);
    assertThat(r.json().path("timeline").get(0).path("status").asText()).isEqualTo("ACCEPTED");
    assertThat(r.json().path("timeline").get(0).path("responderId").asText()).isEqualTo("r-old");
    // And it is not in memory any more: the staff member's "mine" since two months ago does not list it
    // (the index holds only what the view holds), while a request logged now is listed
    var mine = callAt(base, "GET", "/api/v1/requests?mine=today", staff, null);
    assertThat(mine.status()).isEqualTo(200);
    assertThat(mine.body()).doesNotContain(OLD);
    // And cancelling it is refused as for any finished request (409), not "not found"
    var cancel = callAt(base, "POST", "/api/v1/requests/" + OLD + "/cancel", staff, "{}");
    assertThat(cancel.status()).as(cancel.body()).isEqualTo(409);
    assertThat(cancel.body()).contains("COMPLETED");
    // And an id nobody logged is still a 404
    assertThat(callAt(base, "GET", "/api/v1/requests/" + UUID.randomUUID(), staff, null).status()).isEqualTo(404);
  }
}

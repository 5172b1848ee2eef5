package org.crisisline.records.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.crisisline.events.Channel;
import org.crisisline.events.Disposition;
import org.crisisline.events.Event;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.RiskScreen;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.records.RealPostgres;
import org.crisisline.records.domain.ArchivedRequest;
import org.junit.jupiter.api.Test;

/** A request is answered by id from the database, status and timeline included, whatever its age. */
class ArchivedRequestTest {

  @Test
  void aRequestOfLastYearIsReadBackByIdWithItsLatestStatusWrapUpAndTimeline() throws Exception {
    // Given a request logged a year ago, accepted and completed, its events applied out of order
    RecordsDb db = RecordsDb.connect(RealPostgres.newDatabase()).migrate();
    String id = "old-" + UUID.randomUUID();
    Instant t0 = Instant.now().minus(Duration.ofDays(365)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    HelpRequestLogged logged = new HelpRequestLogged(Ids.newId(), t0, id, Channel.TEXT, Urgency.HIGH,
        Need.CRISIS_COUNSELLING, null, "es", "north", null, null, List.of(), null, null, false, "staff");
    RequestStatusChanged accepted = status(id, t0.plusSeconds(40), RequestStatus.ACCEPTED);
    RequestStatusChanged completed = status(id, t0.plusSeconds(900), RequestStatus.COMPLETED);
    RequestCompleted wrapUp = new RequestCompleted(Ids.newId(), t0.plusSeconds(899), id, "r-1",
        Disposition.SAFETY_PLAN_MADE, null, new RiskScreen(true, true, true, true, false, false, false), null, true,
        false);
    try (Connection c = db.connection()) {
      apply(c, Topics.REQUEST_STATUS.name(), completed);
      apply(c, Topics.HELP_REQUESTS.name(), logged);
      apply(c, Topics.REQUEST_STATUS.name(), accepted);
      apply(c, Topics.OFFER_ANSWERS.name(), wrapUp);
      // (a replayed event changes nothing)
      apply(c, Topics.REQUEST_STATUS.name(), accepted);
    }

    // When it is read by id
    ArchivedRequest r = new RecordsQueries(db).request(id).orElseThrow();

    // Then it carries the latest status, the summary, the wrap-up's codes and the timeline in order
    assertThat(r.status()).isEqualTo("COMPLETED");
    assertThat(r).extracting(ArchivedRequest::urgency, ArchivedRequest::need, ArchivedRequest::language,
        ArchivedRequest::region, ArchivedRequest::channel).containsExactly("HIGH", "CRISIS_COUNSELLING", "es", "north",
        "TEXT");
    assertThat(r.loggedAt()).isEqualTo(t0);
    assertThat(r.wrapUp().disposition()).isEqualTo("SAFETY_PLAN_MADE");
    assertThat(r.wrapUp().safetyPlan()).isTrue();
    assertThat(r.timeline()).extracting(ArchivedRequest.Step::status).containsExactly("ACCEPTED", "COMPLETED");
    assertThat(r.timeline().get(0).responderId()).isEqualTo("r-1");
    // And an id the database never saw is simply absent
    assertThat(new RecordsQueries(db).request("never-" + UUID.randomUUID())).isEmpty();
  }

  @Test
  void aPersonsRequestsSinceAnInstantAreListedNewestFirstWithTheirLatestStatus() throws Exception {
    // Given requests logged by two people, one of them yesterday, one today before the other's
    RecordsDb db = RecordsDb.connect(RealPostgres.newDatabase()).migrate();
    Instant midnight = Instant.parse("2026-11-27T00:00:00Z");
    String yesterday = "y-" + UUID.randomUUID();
    String early = "e-" + UUID.randomUUID();
    String late = "l-" + UUID.randomUUID();
    String someoneElse = "o-" + UUID.randomUUID();
    try (Connection c = db.connection()) {
      apply(c, Topics.HELP_REQUESTS.name(), logged(yesterday, midnight.minusSeconds(60), "sam"));
      apply(c, Topics.HELP_REQUESTS.name(), logged(early, midnight.plusSeconds(60), "sam"));
      apply(c, Topics.HELP_REQUESTS.name(), logged(late, midnight.plusSeconds(3600), "sam"));
      apply(c, Topics.HELP_REQUESTS.name(), logged(someoneElse, midnight.plusSeconds(120), "alex"));
      apply(c, Topics.REQUEST_STATUS.name(), status(early, midnight.plusSeconds(90), RequestStatus.ACCEPTED));
    }

    // When Sam's requests since midnight are asked for
    List<ArchivedRequest> mine = new RecordsQueries(db).loggedBy("sam", midnight);

    // Then today's two, newest first, each with its latest status (QUEUED before routing's first)
    assertThat(mine).extracting(ArchivedRequest::requestId).containsExactly(late, early);
    assertThat(mine).extracting(ArchivedRequest::status).containsExactly("QUEUED", "ACCEPTED");
    assertThat(mine.get(0).loggedAt()).isEqualTo(midnight.plusSeconds(3600));
    assertThat(new RecordsQueries(db).loggedBy("nobody", midnight)).isEmpty();
  }

  private static HelpRequestLogged logged(String id, Instant at, String by) {
    return new HelpRequestLogged(Ids.newId(), at, id, Channel.PHONE, Urgency.HIGH, Need.CRISIS_COUNSELLING, null,
        "en", "north", null, null, List.of(), null, null, false, by);
  }

  private static void apply(Connection c, String topic, Event e) throws Exception {
    ContactWriter.apply(c, topic, e);
  }

  private static RequestStatusChanged status(String id, Instant at, RequestStatus s) {
    return new RequestStatusChanged(Ids.newId(), at, id, s, "test", null, "r-1", null, "north", Urgency.HIGH,
        Need.CRISIS_COUNSELLING, StatusKind.TRANSITION, null, "0123456789ab");
  }
}

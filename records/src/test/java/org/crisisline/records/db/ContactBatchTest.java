package org.crisisline.records.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.crisisline.events.AlertAcknowledged;
import org.crisisline.events.AlertRaised;
import org.crisisline.events.CancelReason;
import org.crisisline.events.Channel;
import org.crisisline.events.Disposition;
import org.crisisline.events.EscalationStep;
import org.crisisline.events.Event;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Need;
import org.crisisline.events.RequestCancelled;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;
import org.crisisline.records.RealPostgres;
import org.junit.jupiter.api.Test;

/**
 * A poll's events are folded per request and written in a few multi-row statements: the read model
 * must come out exactly as when each event is applied on its own, in the same order, whatever the
 * poll boundaries — several events of one request in one poll, events out of time order, a status
 * before its request, duplicates within a poll and replays of a whole poll.
 */
class ContactBatchTest {
  static final Instant T0 = Instant.parse("2026-11-20T10:00:00.123456Z");

  @Test
  void oneBatchOrManyWritesWhatOneEventAtATimeWrites() throws Exception {
    List<Event> events = mix();
    RecordsDb oneByOne = RecordsDb.connect(RealPostgres.newDatabase()).migrate();
    try (Connection c = oneByOne.connection()) {
      for (Event e : events) {
        ContactWriter.apply(c, "t", e);
      }
    }
    String expected = dump(oneByOne);
    // The fold is not trivially right: the figures a report reads are the ones meant.
    assertThat(expected)
        .contains("r1|" + T0 + "|north|north|HIGH|CRISIS_COUNSELLING|PHONE|null|null|null|en|COMPLETED|"
            + T0.plusSeconds(50) + "|" + T0.plusSeconds(20) + "|SUPPORTED_DE_ESCALATED|")
        .contains("r2|" + T0.plusSeconds(2) + "|north|north|HIGH|CRISIS_COUNSELLING|PHONE|null|null|null|en|ACCEPTED|"
            + T0.plusSeconds(30) + "|" + T0.plusSeconds(30) + "|null|")
        .contains("r3|" + T0.plusSeconds(1) + "|north|north|LOW|REFERRAL|PHONE|null|null|null|es|REFERRAL_ACCEPTED|"
            + T0.plusSeconds(80) + "|null|null|");

    RecordsDb oneBatch = RecordsDb.connect(RealPostgres.newDatabase()).migrate();
    assertThat(writeInBatches(oneBatch, events, List.of(events.size()))).isEqualTo(events.size() - 1);
    assertThat(dump(oneBatch)).isEqualTo(expected);

    Random random = new Random(22);
    for (int run = 0; run < 5; run++) {
      RecordsDb split = RecordsDb.connect(RealPostgres.newDatabase()).migrate();
      List<Integer> sizes = new ArrayList<>();
      for (int left = events.size(); left > 0; ) {
        int size = Math.min(left, 1 + random.nextInt(6));
        sizes.add(size);
        left -= size;
      }
      writeInBatches(split, events, sizes);
      assertThat(dump(split)).as("batches of %s", sizes).isEqualTo(expected);
      // And a replay of everything, as one poll, changes nothing.
      assertThat(writeInBatches(split, events, List.of(events.size()))).isZero();
      assertThat(dump(split)).isEqualTo(expected);
    }
  }

  /** Writes the events in consecutive batches of the given sizes, each in a transaction; returns events applied. */
  private static int writeInBatches(RecordsDb db, List<Event> events, List<Integer> sizes) throws Exception {
    int applied = 0;
    int from = 0;
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      for (int size : sizes) {
        ContactBatch batch = new ContactBatch();
        events.subList(from, from + size).forEach(e -> batch.add("t", e));
        applied += batch.write(c);
        c.commit();
        from += size;
      }
    }
    return applied;
  }

  private static List<Event> mix() {
    RequestStatusChanged accepted = status("s2", "r1", 20, RequestStatus.ACCEPTED, StatusKind.TRANSITION, null);
    List<Event> out = new ArrayList<>(List.of(
        logged("l1", "r1", 0, "en"),
        status("s1", "r1", 10, RequestStatus.OFFERED, StatusKind.TRANSITION, null),
        status("s0", "r1", 15, RequestStatus.ACCEPTED, StatusKind.ANSWER_REJECTED, null),
        accepted,
        // a request's status before the request itself (the topics are read side by side)
        status("s9", "r2", 30, RequestStatus.ACCEPTED, StatusKind.TRANSITION, null),
        new RequestCompleted("w1", T0.plusSeconds(45), "r1", "resp", Disposition.SUPPORTED_DE_ESCALATED, null),
        accepted,
        status("s3", "r1", 50, RequestStatus.COMPLETED, StatusKind.TRANSITION, null),
        logged("l2", "r2", 2, "en"),
        // an earlier wrap-up arriving later loses; an escalation arriving late counts, and does not move the status
        new RequestCompleted("w0", T0.plusSeconds(40), "r1", "resp", Disposition.HANDED_ON, null),
        new RequestStatusChanged("s4", T0.plusSeconds(12), "r1", RequestStatus.ESCALATED, null, null, null, null,
            "south", Urgency.HIGH, Need.CRISIS_COUNSELLING, StatusKind.ESCALATION, EscalationStep.ROLLED_OVER, "v1"),
        new RequestCancelled("x1", T0.plusSeconds(60), "r2", "staff", CancelReason.DUPLICATE, null),
        new AlertRaised("a1", T0.plusSeconds(61), "al-1", "K7", "r2", "north", Urgency.HIGH, null, T0),
        new RequestCancelled("x2", T0.plusSeconds(62), "r2", "staff", null, null),
        new AlertAcknowledged("a2", T0.plusSeconds(63), "al-1", "r2", "sup", null),
        status("s5", "r3", 70, RequestStatus.ESCALATED, StatusKind.ESCALATION, EscalationStep.SUPERVISOR_ALERT),
        // two logs of one request: the later one read wins
        logged("l3", "r3", 3, "en"),
        logged("l4", "r3", 1, "es"),
        // same time as s6, read later: wins
        status("s6", "r3", 80, RequestStatus.REFERRED, StatusKind.TRANSITION, null),
        status("s7", "r3", 80, RequestStatus.REFERRAL_ACCEPTED, StatusKind.TRANSITION, null),
        status("s8", "r3", 75, RequestStatus.CANCELLED, StatusKind.TRANSITION, null)));
    return out;
  }

  private static HelpRequestLogged logged(String id, String request, long second, String language) {
    return new HelpRequestLogged(id, T0.plusSeconds(second), request, Channel.PHONE,
        request.equals("r3") ? Urgency.LOW : Urgency.HIGH, request.equals("r3") ? Need.REFERRAL
        : Need.CRISIS_COUNSELLING, null, language, "north", null, null, List.of(), null, null, false, "staff");
  }

  private static RequestStatusChanged status(String id, String request, long second, RequestStatus st,
      StatusKind kind, EscalationStep step) {
    return new RequestStatusChanged(id, T0.plusSeconds(second), request, st, "why", "off-1", "resp", null, "north",
        Urgency.HIGH, Need.CRISIS_COUNSELLING, kind, step, "v1");
  }

  /** Every row of the read model, every column, in a stable order. */
  private static String dump(RecordsDb db) throws Exception {
    StringBuilder out = new StringBuilder();
    try (Connection c = db.connection(); Statement s = c.createStatement()) {
      s.execute("SET TIME ZONE 'UTC'");
      String iso = "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'";
      for (String sql : List.of("SELECT request_id, to_char(logged_at, " + iso + "), region, status_region, urgency,"
          + " need, channel, caller_key, intake_risk_level, referral_kind, language, status, to_char(status_at, " + iso
          + "), to_char(accepted_at, " + iso + "), disposition, * FROM contacts ORDER BY request_id", "SELECT * FROM contact_timeline ORDER BY event_id",
          "SELECT event_id, topic FROM applied_events ORDER BY event_id")) {
        try (ResultSet rs = s.executeQuery(sql)) {
          while (rs.next()) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
              out.append(rs.getString(i)).append('|');
            }
            out.append('\n');
          }
        }
      }
    }
    return out.toString();
  }
}

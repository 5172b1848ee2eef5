package org.crisisline.records.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import org.crisisline.events.Need;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;
import org.crisisline.records.RealPostgres;
import org.junit.jupiter.api.Test;

/**
 * A referral is REFERRED again at each next service and ends REFERRAL_ACCEPTED, with outcomes
 * after it: referred_at keeps the first referral, referral_accepted_at the accept, and neither
 * a rejected answer nor a later outcome moves them.
 */
class ContactWriterReferralTest {
  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  @Test
  void referredKeepsTheFirstReferralAndReferralAcceptedTheServicesAccept() throws Exception {
    RecordsDb db = RecordsDb.connect(RealPostgres.newDatabase()).migrate();
    try (Connection c = db.connection()) {
      ContactWriter.apply(c, "request-status", status("e1", 0, RequestStatus.REFERRED, StatusKind.TRANSITION));
      ContactWriter.apply(c, "request-status", status("e2", 60, RequestStatus.REFERRED, StatusKind.ANSWER_REJECTED));
      ContactWriter.apply(c, "request-status", status("e3", 120, RequestStatus.REFERRED, StatusKind.TRANSITION));
      ContactWriter.apply(c, "request-status", status("e4", 180, RequestStatus.REFERRAL_ACCEPTED,
          StatusKind.TRANSITION));
      ContactWriter.apply(c, "request-status", status("e5", 900, RequestStatus.REFERRAL_ACCEPTED,
          StatusKind.REFERRAL_OUTCOME));
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
          "SELECT referred_at, referral_accepted_at, completed_at FROM contacts WHERE request_id = 'req-1'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getTimestamp(1)).isEqualTo(Timestamp.from(T0));
        assertThat(rs.getTimestamp(2)).isEqualTo(Timestamp.from(T0.plusSeconds(180)));
        assertThat(rs.getTimestamp(3)).isNull();
      }
    }
  }

  private static RequestStatusChanged status(String id, long second, RequestStatus st, StatusKind kind) {
    return new RequestStatusChanged(id, T0.plusSeconds(second), "req-1", st, "test", "off-1", null, "svc-1", "north",
        Urgency.LOW, Need.REFERRAL, kind, null, "v1");
  }
}

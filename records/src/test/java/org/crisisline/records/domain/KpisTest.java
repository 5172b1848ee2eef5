package org.crisisline.records.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.crisisline.events.Disposition;
import org.crisisline.events.Need;
import org.crisisline.events.RiskLevel;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

class KpisTest {
  private static final Instant NINE = Instant.parse("2026-11-20T09:00:00Z");
  private static final Kpis KPIS = new Kpis(u -> u == Urgency.HIGH ? Duration.ofSeconds(300) : Duration.ofSeconds(900));

  private static ContactFacts logged(String id, Instant at, String region) {
    return ContactFacts.logged(id, at, region, Urgency.HIGH, Need.CRISIS_COUNSELLING);
  }

  @Test
  void anEmptyBucketHasZeroCountsAndNullSharesAndTimes() {
    List<KpiBucket> buckets = KPIS.compute(List.of(), NINE, NINE.plusSeconds(3600), Interval.HOUR, false);
    assertThat(buckets).hasSize(1);
    KpiBucket b = buckets.get(0);
    assertThat(b.logged()).isZero();
    assertThat(b.accepted()).isZero();
    assertThat(b.answerRate()).isNull();
    assertThat(b.answeredWithinSlaShare()).isNull();
    assertThat(b.speedToAnswer()).isEqualTo(SpeedToAnswer.NONE);
    assertThat(b.region()).isNull();
    assertThat(b.dispositions()).isEmpty();
  }

  @Test
  void aRequestAcceptedInALaterBucketCountsInTheBucketItWasLoggedIn() {
    // Given a contact logged at 09:59 and accepted at 10:01 (2 minutes: within the 5-minute SLA)
    ContactFacts c = logged("a", NINE.plusSeconds(59 * 60), "north").acceptedAt(NINE.plusSeconds(61 * 60));
    // When two hourly buckets are computed
    List<KpiBucket> buckets = KPIS.compute(List.of(c), NINE, NINE.plusSeconds(7200), Interval.HOUR, false);
    // Then the 09:00 bucket has it logged and accepted, the 10:00 bucket nothing
    assertThat(buckets.get(0).logged()).isEqualTo(1);
    assertThat(buckets.get(0).accepted()).isEqualTo(1);
    assertThat(buckets.get(0).answeredWithinSla()).isEqualTo(1);
    assertThat(buckets.get(0).speedToAnswer().mean()).isEqualTo(120.0);
    assertThat(buckets.get(1).logged()).isZero();
    assertThat(buckets.get(1).accepted()).isZero();
  }

  @Test
  void aCancelAfterAcceptanceIsNotAbandonment() {
    ContactFacts before = logged("a", NINE, "north").cancelledAt(NINE.plusSeconds(30));
    ContactFacts after = logged("b", NINE, "north").acceptedAt(NINE.plusSeconds(10)).cancelledAt(NINE.plusSeconds(30));
    KpiBucket b = KPIS.compute(List.of(before, after), NINE, NINE.plusSeconds(3600), Interval.HOUR, false).get(0);
    assertThat(b.abandoned()).isEqualTo(1);
    assertThat(b.accepted()).isEqualTo(1);
  }

  @Test
  void answeredWithinSlaUsesTheSlaOfEachContactsUrgencyAndSharesAreOfLogged() {
    ContactFacts fast = logged("a", NINE, "north").acceptedAt(NINE.plusSeconds(300));      // exactly at SLA: within
    ContactFacts late = logged("b", NINE, "north").acceptedAt(NINE.plusSeconds(301));      // one second late
    ContactFacts lowLate = ContactFacts.logged("c", NINE, "north", Urgency.LOW, Need.PEER_SUPPORT)
        .acceptedAt(NINE.plusSeconds(600));                                                 // LOW: 900 s SLA
    ContactFacts never = logged("d", NINE, "north").expiredAt(NINE.plusSeconds(3000));
    KpiBucket b = KPIS.compute(List.of(fast, late, lowLate, never), NINE, NINE.plusSeconds(3600), Interval.HOUR, false)
        .get(0);
    assertThat(b.logged()).isEqualTo(4);
    assertThat(b.accepted()).isEqualTo(3);
    assertThat(b.answerRate()).isEqualTo(0.75);
    assertThat(b.answeredWithinSla()).isEqualTo(2);
    assertThat(b.answeredWithinSlaShare()).isEqualTo(0.5);
    assertThat(b.expired()).isEqualTo(1);
  }

  @Test
  void speedToAnswerPercentilesAreNearestRank() {
    List<ContactFacts> cs = new java.util.ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      cs.add(logged("r" + i, NINE, "north").acceptedAt(NINE.plusSeconds(10L * i)));
    }
    SpeedToAnswer s = KPIS.compute(cs, NINE, NINE.plusSeconds(3600), Interval.HOUR, false).get(0).speedToAnswer();
    assertThat(s.mean()).isEqualTo(55.0);
    assertThat(s.p50()).isEqualTo(50.0);
    assertThat(s.p90()).isEqualTo(90.0);
  }

  @Test
  void perRegionRepeatsEveryBucketForEachRegionWithContacts() {
    ContactFacts north = logged("a", NINE, "north").withRolledOver();
    ContactFacts south = logged("b", NINE.plusSeconds(3700), "south");
    List<KpiBucket> buckets = KPIS.compute(List.of(north, south), NINE, NINE.plusSeconds(7200), Interval.HOUR, true);
    assertThat(buckets).extracting(KpiBucket::region).containsExactly("north", "south", "north", "south");
    assertThat(buckets).extracting(KpiBucket::logged).containsExactly(1, 0, 0, 1);
    assertThat(buckets.get(0).rolledOver()).isEqualTo(1);
    assertThat(buckets.get(0).escalated()).isEqualTo(1);
  }

  @Test
  void alertsRaisedAndAcknowledgedAreCounted() {
    ContactFacts acked = logged("a", NINE, "north").alertedAndAcknowledged(true);
    ContactFacts open = logged("b", NINE, "north").alertedAndAcknowledged(false);
    KpiBucket b = KPIS.compute(List.of(acked, open), NINE, NINE.plusSeconds(60), Interval.HOUR, false).get(0);
    assertThat(b.alertsRaised()).isEqualTo(2);
    assertThat(b.alertsAcknowledged()).isEqualTo(1);
  }

  @Test
  void dispositionsAndRiskLevelsAreCountedByCode() {
    ContactFacts a = logged("a", NINE, "north").acceptedAt(NINE.plusSeconds(5))
        .completed(NINE.plusSeconds(600), Disposition.SAFETY_PLAN_MADE, RiskLevel.HIGH);
    ContactFacts b = logged("b", NINE, "north").acceptedAt(NINE.plusSeconds(5))
        .completed(NINE.plusSeconds(600), Disposition.SAFETY_PLAN_MADE, RiskLevel.LOW);
    ContactFacts c = logged("c", NINE, "north").acceptedAt(NINE.plusSeconds(5))
        .completed(NINE.plusSeconds(600), Disposition.INFORMATION_ONLY, null);
    KpiBucket k = KPIS.compute(List.of(a, b, c), NINE, NINE.plusSeconds(60), Interval.DAY, false).get(0);
    assertThat(k.start()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
    assertThat(k.completed()).isEqualTo(3);
    assertThat(k.dispositions()).isEqualTo(Map.of("SAFETY_PLAN_MADE", 2, "INFORMATION_ONLY", 1));
    assertThat(k.riskLevels()).isEqualTo(Map.of("HIGH", 1, "LOW", 1));
  }

  @Test
  void contactsOutsideTheRangeOrNotYetSeenAsLoggedAreLeftOut() {
    ContactFacts before = logged("a", NINE.minusSeconds(1), "north");
    ContactFacts statusOnly = logged("b", null, "north");
    assertThat(KPIS.compute(List.of(before, statusOnly), NINE, NINE.plusSeconds(3600), Interval.HOUR, false).get(0)
        .logged()).isZero();
  }

  @Test
  void theCsvHasAHeaderAndTheSameNumbers() {
    ContactFacts a = logged("a", NINE, "north").acceptedAt(NINE.plusSeconds(30))
        .completed(NINE.plusSeconds(600), Disposition.SAFETY_PLAN_MADE, RiskLevel.HIGH);
    String csv = KpiCsv.of(KPIS.compute(List.of(a), NINE, NINE.plusSeconds(3600), Interval.HOUR, false));
    String[] lines = csv.split("\r\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).startsWith("start,end,region,logged,accepted,answerRate,answeredWithinSla,");
    assertThat(lines[1]).startsWith("2026-11-20T09:00:00Z,2026-11-20T10:00:00Z,,1,1,1.0,1,1.0,30.0,30.0,30.0,0,0,0,0,0,0,1,0,");
    String[] header = lines[0].split(",");
    String[] row = lines[1].split(",", -1);
    assertThat(row).hasSameSizeAs(header);
    assertThat(row[java.util.Arrays.asList(header).indexOf("riskHIGH")]).isEqualTo("1");
    assertThat(row[java.util.Arrays.asList(header).indexOf("dispositionSAFETY_PLAN_MADE")]).isEqualTo("1");
  }
}

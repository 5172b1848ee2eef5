package org.crisisline.routing.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy is checked against {@link PolicySchema} when it is made, and versioned by content. */
class RoutingPolicyValidationTest {

  @Test
  void theShippedDefaultsAreValid() {
    assertThat(RoutingPolicy.defaults().version()).matches("[0-9a-f]{12}");
  }

  @Test
  void aMisspelledKeyInThePolicyFileStopsStartUpNamingTheKeyAndTheFile(@TempDir Path dir) throws IOException {
    // Given a policy file with a typo in an urgency
    Path file = dir.resolve("policy.properties");
    Files.writeString(file, "sla.IMMINENT_RSK=60\nsla.HIGH=300\n");
    // When it is loaded, Then start-up stops, naming the key and the file
    assertThatThrownBy(() -> RoutingPolicy.load(Optional.of(file)))
        .isInstanceOf(PolicyValidator.InvalidPolicyException.class)
        .hasMessageContaining("unknown key 'sla.IMMINENT_RSK'")
        .hasMessageContaining(file.toString())
        .hasMessageNotContaining("sla.HIGH");
  }

  @Test
  void everyBadKeyIsNamedAtOnce() {
    assertThatThrownBy(() -> RoutingPolicy.defaults().with(Map.of(
        "offer.timeout.HIGH", "soon", "aging.LOW", "-5", "specialties", "VETERANS,youth", "pool.imminent", "",
        "snapshot.refresh", "0")))
        .isInstanceOfSatisfying(PolicyValidator.InvalidPolicyException.class, e -> assertThat(e.problems())
            .hasSize(5)
            .anySatisfy(p -> assertThat(p).startsWith("'offer.timeout.HIGH' = 'soon'"))
            .anySatisfy(p -> assertThat(p).startsWith("'aging.LOW' = '-5'"))
            .anySatisfy(p -> assertThat(p).startsWith("'specialties'"))
            .anySatisfy(p -> assertThat(p).startsWith("'pool.imminent'"))
            .anySatisfy(p -> assertThat(p).startsWith("'snapshot.refresh' = '0'")));
  }

  @Test
  void followUpKeysHaveTheirDefaultsAndBadValuesAreNamed() {
    // By default IMMINENT_RISK and HIGH are followed up 24h, 72h and 7d after the end, with a caring message
    FollowUpSettings f = FollowUpSettings.of(RoutingPolicy.defaults());
    assertThat(f.caringMessage()).isTrue();
    assertThat(FollowUpSettings.of(RoutingPolicy.defaults().with(Map.of("followup.message", "false"))).caringMessage())
        .isFalse();
    java.time.Instant end = java.time.Instant.parse("2026-11-20T10:00:00Z");
    assertThat(f.plan().dueTimes(org.crisisline.events.Urgency.HIGH, end)).containsExactly(
        end.plus(java.time.Duration.ofHours(24)), end.plus(java.time.Duration.ofHours(72)),
        end.plus(java.time.Duration.ofDays(7)));
    assertThat(f.plan().dueTimes(org.crisisline.events.Urgency.IMMINENT_RISK, end)).hasSize(3);
    assertThat(f.plan().dueTimes(org.crisisline.events.Urgency.MODERATE, end)).isEmpty();
    assertThat(f.plan().dueTimes(org.crisisline.events.Urgency.LOW, end)).isEmpty();
    assertThat(f.retry().attempts()).isEqualTo(3);
    assertThat(f.retry().retry()).hasHours(4);
    assertThat(FollowUpSettings.of(RoutingPolicy.defaults().with(Map.of("followup.plan.LOW", "2d", "followup.retry",
        "30m"))).retry().retry()).hasMinutes(30);
    assertThatThrownBy(() -> RoutingPolicy.defaults().with(Map.of("followup.plan.HIGH", "24h,3w",
        "followup.attempts", "0", "followup.retry", "4h,8h", "followup.plan.URGENT", "1d", "followup.message", "yes")))
        .isInstanceOfSatisfying(PolicyValidator.InvalidPolicyException.class, e -> assertThat(e.problems())
            .hasSize(5)
            .anySatisfy(p -> assertThat(p).startsWith("'followup.message' = 'yes'").contains("not true or false"))
            .anySatisfy(p -> assertThat(p).startsWith("'followup.plan.HIGH' = '24h,3w'").contains("3w"))
            .anySatisfy(p -> assertThat(p).startsWith("'followup.attempts' = '0'"))
            .anySatisfy(p -> assertThat(p).startsWith("'followup.retry' = '4h,8h'"))
            .anySatisfy(p -> assertThat(p).startsWith("unknown key 'followup.plan.URGENT'")));
  }

  @Test
  void pagingKeysHaveTheirDefaultsAndBadValuesAreNamed() {
    RoutingPolicy p = RoutingPolicy.defaults();
    assertThat(p.pageSteps()).containsExactly("supervisors");
    assertThat(p.pageAckTimeout()).hasSeconds(120);
    assertThat(p.pageRepeat()).isEqualTo(2);
    assertThat(p.pageAfterMisses()).isEqualTo(2);
    assertThat(p.with(Map.of("page.steps", "supervisors, managers")).pageSteps())
        .containsExactly("supervisors", "managers");
    assertThatThrownBy(() -> p.with(Map.of("page.steps", " , ", "page.ack.timeout", "0", "page.repeat", "-1",
        "page.after.misses", "0")))
        .isInstanceOfSatisfying(PolicyValidator.InvalidPolicyException.class, e -> assertThat(e.problems())
            .hasSize(4)
            .anySatisfy(x -> assertThat(x).startsWith("'page.steps'").contains("no schedule id"))
            .anySatisfy(x -> assertThat(x).startsWith("'page.ack.timeout' = '0'"))
            .anySatisfy(x -> assertThat(x).startsWith("'page.repeat' = '-1'"))
            .anySatisfy(x -> assertThat(x).startsWith("'page.after.misses' = '0'")));
  }

  @Test
  void referralKeysHaveTheirDefaultsAndBadValuesAreNamed() {
    RoutingPolicy p = RoutingPolicy.defaults();
    assertThat(ReferralTimes.of(p).ackTimeout()).hasSeconds(14400);
    assertThat(ReferralTimes.of(p).outcomeWindow()).hasDays(14);
    assertThat(ReferralTimes.of(p.with(Map.of("referral.ack.timeout", "30"))).ackTimeout()).hasSeconds(30);
    assertThatThrownBy(() -> p.with(Map.of("referral.ack.timeout", "0", "referral.outcome.window", "a week")))
        .isInstanceOfSatisfying(PolicyValidator.InvalidPolicyException.class, e -> assertThat(e.problems())
            .hasSize(2)
            .anySatisfy(x -> assertThat(x).startsWith("'referral.ack.timeout' = '0'").contains("positive"))
            .anySatisfy(x -> assertThat(x).startsWith("'referral.outcome.window' = 'a week'")));
  }

  @Test
  void aBackupNamingAMissingRegionIsRefused() {
    assertThatThrownBy(() -> RoutingPolicy.defaults().with(Map.of("backup.north", "west")))
        .isInstanceOf(PolicyValidator.InvalidPolicyException.class)
        .hasMessageContaining("'backup.north' = 'west'")
        .hasMessageContaining("not one of regions [north, south, east]");
  }

  @Test
  void aBackupForARegionThePolicyDoesNotServeIsRefused() {
    assertThatThrownBy(() -> RoutingPolicy.defaults().with(Map.of("backup.west", "north")))
        .hasMessageContaining("'backup.west': region 'west' is not one of regions");
  }

  @Test
  void anEmergencyRegionOutsideTheRegionsIsRefused() {
    assertThatThrownBy(() -> RoutingPolicy.defaults().with(Map.of("emergency.region", "elsewhere")))
        .hasMessageContaining("'emergency.region' = 'elsewhere'");
  }

  @Test
  void aPolicyWithoutRegionsIsRefused() {
    assertThatThrownBy(() -> RoutingPolicy.defaults().with(Map.of("regions", " , ")))
        .hasMessageContaining("'regions' = ','");
  }

  @Test
  void aFileThatSetsRegionsReplacesTheDefaultBackups(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("policy.properties");
    Files.writeString(file, "regions=a,b\nbackup.a=b\n");
    RoutingPolicy p = RoutingPolicy.load(Optional.of(file));
    assertThat(p.regions()).containsExactly("a", "b");
    assertThat(p.backupRegion("a")).contains("b");
    assertThat(p.settings()).doesNotContainKey("backup.north");
  }

  @Test
  void crisislineRegionsThatDisagreeWithThePolicyStopStartUpNamingBothKeys() {
    RoutingPolicy p = RoutingPolicy.defaults();
    assertThatThrownBy(() -> p.requireRegionsAgree(Map.of("CRISISLINE_REGIONS", "north,south")))
        .hasMessageContaining("CRISISLINE_REGIONS=north,south")
        .hasMessageContaining("'regions' = north,south,east");
  }

  @Test
  void crisislineRegionsEqualAsASetOrUnsetAreAccepted() {
    RoutingPolicy p = RoutingPolicy.defaults();
    p.requireRegionsAgree(Map.of("CRISISLINE_REGIONS", "east, north,south"));
    p.requireRegionsAgree(Map.of());
    p.requireRegionsAgree(Map.of("CRISISLINE_REGIONS", ""));
  }

  @Test
  void theVersionChangesWhenAValueChanges() {
    RoutingPolicy p = RoutingPolicy.defaults();
    assertThat(p.with(Map.of("sla.HIGH", "301")).version()).isNotEqualTo(p.version());
    assertThat(p.with(Map.of("sla.HIGH", "300")).version()).isEqualTo(p.version());
  }

  @Test
  void theVersionDoesNotDependOnKeyOrderOrSpacing(@TempDir Path dir) throws IOException {
    Path one = dir.resolve("one.properties");
    Path two = dir.resolve("two.properties");
    Files.writeString(one, "sla.HIGH=200\nsla.LOW=1000\n");
    Files.writeString(two, "# same settings\nsla.LOW = 1000\n\nsla.HIGH=200  \n");
    assertThat(RoutingPolicy.load(Optional.of(one)).version())
        .isEqualTo(RoutingPolicy.load(Optional.of(two)).version())
        .isNotEqualTo(RoutingPolicy.defaults().version());
  }

  @Test
  void theVersionIsTheHashOfTheSortedSettings() {
    var settings = new java.util.TreeMap<>(Map.of("b", "2", "a", "1"));
    // printf 'a=1\nb=2\n' | sha256sum
    assertThat(RoutingPolicy.versionOf(settings)).isEqualTo(sha256("a=1\nb=2\n").substring(0, 12));
  }

  private static String sha256(String s) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

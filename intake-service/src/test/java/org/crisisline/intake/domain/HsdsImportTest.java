package org.crisisline.intake.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.ServiceStatus;
import org.junit.jupiter.api.Test;

class HsdsImportTest {
  private static final HsdsImport.Options NORTH = new HsdsImport.Options("north", "UTC", 5);
  private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

  static byte[] resource(String name) throws Exception {
    try (InputStream in = HsdsImportTest.class.getResourceAsStream("/hsds/" + name)) {
      return in.readAllBytes();
    }
  }

  private static List<HsdsImport.Result> read(byte[] body, HsdsImport.Options o) {
    return HsdsImport.read(body, o, () -> UUID.randomUUID().toString(), NOW);
  }

  @Test
  void takesWhatIsUsableFromTheOpenReferralExampleAndReportsTheRest() throws Exception {
    // Given the HSDS 3.0 full service example (quoted phone, latitude 100, extent "extent")
    List<HsdsImport.Result> results = read(resource("service_full.json"), NORTH);
    // Then the service is imported
    assertThat(results).hasSize(1);
    HsdsImport.Result r = results.get(0);
    assertThat(r.imported()).isTrue();
    assertThat(r.service().status()).isEqualTo(ServiceStatus.ACTIVE);
    assertThat(r.service().kinds()).contains(ReferralKind.PROFESSIONAL_TREATMENT);
    assertThat(r.service().languages()).containsExactly("ur");
    assertThat(r.service().eligibility().minAge()).isEqualTo(12);
    assertThat(r.service().intakeContact().email()).isEqualTo("email@example.com");
    assertThat(r.service().intakeContact().phone()).isNull();
    assertThat(r.service().schedule()).hasSize(2);
    // And every unusable field is reported
    assertThat(r.warnings()).extracting(FieldError::field).contains("phones[0].number",
        "service_at_locations[0].location.latitude", "service_areas[0].extent", "attributes[0].taxonomy_term.code");
  }

  @Test
  void readsPagedListsAndOrganisationsWithServices() throws Exception {
    assertThat(read(resource("service_list.json"), NORTH)).hasSize(1);
    List<HsdsImport.Result> org = read(resource("organization_full.json"), NORTH);
    assertThat(org).isNotEmpty();
    assertThat(org.get(0).service().organization()).isEqualTo("Example Organization Inc.");
  }

  @Test
  void rejectsOnlyTheRecordsThatLackWhatAReferralNeeds() {
    // Given one good and two bad records
    String body = """
        [{"id": "svc-good", "name": "Peer support circle", "status": "active", "email": "circle@example.org",
          "languages": [{"code": "en"}]},
         {"name": "No id", "status": "active", "email": "x@example.org", "languages": [{"code": "en"}]},
         {"id": "svc-bad", "name": "Mystery", "status": "sometimes", "languages": [{"code": "klingon"}]}]""";
    List<HsdsImport.Result> results = read(body.getBytes(StandardCharsets.UTF_8), NORTH);
    // Then the good one is imported and each bad one names its fields
    assertThat(results.get(0).imported()).isTrue();
    assertThat(results.get(1).imported()).isFalse();
    assertThat(results.get(1).errors()).extracting(FieldError::field).contains("id");
    assertThat(results.get(2).imported()).isFalse();
    assertThat(results.get(2).errors()).extracting(FieldError::field)
        .contains("status", "kinds", "languages", "intakeContact");
  }

  @Test
  void withoutARegionNothingIsRoutableSoEveryRecordIsRejected() throws Exception {
    List<HsdsImport.Result> results = read(resource("service_full.json"), new HsdsImport.Options(null, "UTC", 5));
    assertThat(results.get(0).errors()).extracting(FieldError::field).contains("serviceArea.regions");
  }

  @Test
  void refusesBodiesWithNoServiceAtAll() {
    assertThatThrownBy(() -> read("{}".getBytes(StandardCharsets.UTF_8), NORTH)).isInstanceOf(InvalidInput.class);
    assertThatThrownBy(() -> read("[".getBytes(StandardCharsets.UTF_8), NORTH)).isInstanceOf(InvalidInput.class);
  }

  @Test
  void aFileFullOfBadFieldsCannotFloodTheReportWithWarnings() {
    // Given 200 services each with 100 unusable language codes
    String languages = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "{\"code\":\"bad-" + i + "\"}")
        .collect(java.util.stream.Collectors.joining(","));
    String services = java.util.stream.IntStream.range(0, 200).mapToObj(i -> "{\"id\":\"svc-" + i
        + "\",\"name\":\"Crisis line " + i + "\",\"status\":\"active\",\"languages\":[" + languages + "]}")
        .collect(java.util.stream.Collectors.joining(","));
    // When they are read
    List<HsdsImport.Result> results = read(("[" + services + "]").getBytes(StandardCharsets.UTF_8), NORTH);
    // Then each record reports at most 20 warnings plus a count of the rest
    assertThat(results).allSatisfy(r -> assertThat(r.warnings()).hasSizeLessThanOrEqualTo(21));
    assertThat(results.get(0).warnings().get(20).message()).contains("more warnings not shown");
    // And the whole import at most 2000 (plus one count per capped record)
    long shown = results.stream().flatMap(r -> r.warnings().stream()).filter(w -> !w.field().equals("warnings")).count();
    assertThat(shown).isLessThanOrEqualTo(HsdsImport.MAX_WARNINGS_PER_IMPORT);
  }
}
